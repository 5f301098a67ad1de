from __future__ import annotations

from pathlib import Path

import pytest

from monitor.analysis.rules import resolve
from monitor.config import load_config, parse_config
from monitor.errors import ConfigError

EXAMPLE = Path(__file__).parents[2] / "docs" / "privmon.example.toml"


def test_the_documented_example_resolves_with_its_custom_rule() -> None:
    active = {a.rule.id: a for a in resolve(load_config(EXAMPLE).rules)}
    assert active["excessive-frequency"].params == {"window_s": 60, "max_calls": 3}
    assert active["ads-read-location"].rule.origin == "config privmon.example.toml"


def test_thresholds_override_defaults_and_disable_removes() -> None:
    config = parse_config("[rules]\ndisable = ['app-list-read']\n[rules.excessive-frequency]\nmax_calls = 9\n")
    active = {a.rule.id: a for a in resolve(config.rules)}
    assert "app-list-read" not in active
    assert active["excessive-frequency"].params == {"window_s": 60, "max_calls": 9}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[device]\n", "device: unknown section"),
        ("[rules]\ndisable = 'x'\n", "rules.disable: expected a list of strings"),
        ("[rules]\ndisable = ['no-such-rule']\n", "rules.disable: no rule 'no-such-rule'"),
        ("[rules.no-such-rule]\nx = 1\n", "rules.no-such-rule: no such rule"),
        ("[rules.excessive-frequency]\nwindow = 1\n", "rules.excessive-frequency.window: unknown threshold"),
        ("[rules.excessive-frequency]\nmax_calls = 'many'\n", "rules.excessive-frequency.max_calls: expected a number"),
        ("[rules]\nexcessive-frequency = 3\n", "rules.excessive-frequency: expected a table"),
        ("[rules]\nplugins = ['nomodule']\n", "'nomodule' is not 'package.module:ATTRIBUTE'"),
        ("[rules]\nplugins = ['no_such_module_xyz:RULE']\n", "cannot import no_such_module_xyz"),
        ("[rules]\nplugins = ['monitor.scope:DATA_TYPES']\n", "expected a Rule"),
        ("[[rules.custom]]\nid = 'Bad'\ntitle = 't'\n", "rules.custom[0].id: 'Bad' is not a kebab-case id"),
        ("[[rules.custom]]\nid = 'collection-before-consent'\ntitle = 't'\n", "defined twice"),
        ("[[rules.custom]]\nid = 'a-b'\ntitle = 't'\nactors = ['robot']\n", "rules.custom[0].actors: 'robot' is not one of"),
        ("[[rules.custom]]\nid = 'a-b'\ntitle = 't'\nseverity = 'dire'\n", "rules.custom[0].severity: expected one of"),
        ("[[rules.custom]]\nid = 'a-b'\ntitle = 't'\nfilter = 1\n", "rules.custom[0].filter: unknown field"),
    ],
)
def test_bad_configs_fail_with_one_line_naming_the_field(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as e:
        resolve(parse_config(text, "privmon.toml").rules)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_plugins_load_from_module_attributes() -> None:
    config = parse_config("[rules]\nplugins = ['tests.monitor.analysis.rules.plugin_example:RULES']\n")
    ids = [a.rule.id for a in resolve(config.rules)]
    assert ids[-1] == "example-plugin-rule"
    assert next(a for a in resolve(config.rules) if a.rule.id == "example-plugin-rule").rule.origin.startswith("plugin ")


def test_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[rules]\ndisable = ['clipboard-read']\n")
    monkeypatch.setenv("PRIVMON_CONFIG", str(path))
    assert load_config(None).rules.disabled == {"clipboard-read"}
    monkeypatch.setenv("PRIVMON_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="cannot read the config"):
        load_config(None)
