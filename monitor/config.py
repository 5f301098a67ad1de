"""The config file (``privmon.toml``, given with ``--config`` or ``PRIVMON_CONFIG``): which rules run
and their thresholds. Documented, commented example: ``docs/privmon.example.toml``.

    [rules]
    disable = ["app-list-read"]               # rule ids that do not run
    plugins = ["mycompany.rules:RULES"]       # extra rules: module:attribute (a Rule or a list)

    [rules.excessive-frequency]               # thresholds of one rule (privmon rules show ID)
    window_s = 30
    max_calls = 2

    [[rules.custom]]                          # a declarative rule: collection matching all filters
    id = "ads-read-location"
    title = "An advertising SDK read the location"
    severity = "high"
    data_types = ["location"]
    actors = ["sdk"]
    sdk_categories = ["advertising"]
    consent = ["none", "granted", "refused", "withdrawn"]
    clauses = [{ source = "internal policy", ref = "P-7", text = "no location for ads" }]
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from monitor.analysis.rules import RuleConfig
from monitor.errors import ConfigError, read_text_file

CONFIG_ENV = "PRIVMON_CONFIG"


@dataclass(frozen=True)
class Config:
    rules: RuleConfig
    source: str = ""  # the file's text, kept with each run so `privmon correlate` can re-apply it


def parse_config(text: str, where: str = "config") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{where}: not valid TOML: {e}") from e
    for key in data:
        if key != "rules":
            raise ConfigError(f"{where}: {key}: unknown section (expected: rules)")
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{where}: rules: expected a table: [rules]")
    params = {}
    for key, value in rules.items():
        if key in ("disable", "plugins"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: rules.{key}: expected a list of strings")
        elif key == "custom":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ConfigError(f"{where}: rules.custom: expected an array of tables: [[rules.custom]]")
        elif isinstance(value, dict):
            params[key] = value
        else:
            raise ConfigError(f"{where}: rules.{key}: expected a table of thresholds: [rules.{key}]")
    return Config(
        RuleConfig(
            disabled=frozenset(rules.get("disable", [])),
            params=params,
            plugins=tuple(rules.get("plugins", [])),
            custom=tuple(rules.get("custom", [])),
            where=where,
        ),
        source=text,
    )


def load_config(path: Path | None) -> Config:
    """The config at PATH, else at $PRIVMON_CONFIG, else the defaults."""
    if path is None:
        env = os.environ.get(CONFIG_ENV)
        if not env:
            return Config(RuleConfig())
        path = Path(env)
    return parse_config(read_text_file(path, "the config"), path.name)
