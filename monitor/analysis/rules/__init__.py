"""The rule registry: the built-in rules (one module each in this package), rules from plugins
(the ``privmon.rules`` entry point group, or ``[rules] plugins`` in the config) and declarative
rules written in the config (``[[rules.custom]]``), each with its thresholds resolved.

Built-in rule ids are stable (never renumbered; reused as JSON ``rule``, SARIF ruleId and the
database column)."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from monitor.analysis.ruleapi import RULE_ID, Clause, Hit, Params, ParamValue, Rule, Severity
from monitor.errors import ConfigError

BUILTIN_MODULES = (
    "collection_before_consent",
    "collection_after_refusal",
    "transmission_before_consent",
    "permission_request_before_consent",
    "forced_exit_after_refusal",
    "consent_dialog_missing",
    "consent_prechecked",
    "no_refuse_option",
    "sdk_collected_before_authorised",
    "consent_signals_disagree",
    "beyond_declared_scope",
    "undeclared_sdk",
    "sdk_data_beyond_declared",
    "undeclared_recipient",
    "excessive_frequency",
    "background_collection",
    "permission_rerequest_within_48h",
    "bundled_permission_request",
    "forced_permission",
    "app_list_read",
    "clipboard_read",
    "mic_without_user_action",
    "id_linkage",
    "pi_in_cleartext",
    "cross_border_transfer",
)
ENTRY_POINT_GROUP = "privmon.rules"
ACTOR_KINDS = ("app", "sdk", "third-party", "unknown")
CONSENT_STATES = ("none", "granted", "refused", "withdrawn")


@cache
def builtin_rules() -> tuple[Rule, ...]:
    return tuple(importlib.import_module(f"{__name__}.{m}").RULE for m in BUILTIN_MODULES)


@dataclass(frozen=True)
class RuleConfig:
    """The ``[rules]`` section of the config: which rules run and with which thresholds."""

    disabled: frozenset[str] = frozenset()
    params: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    plugins: tuple[str, ...] = ()
    custom: tuple[Mapping[str, Any], ...] = ()
    where: str = "config"


@dataclass(frozen=True)
class ActiveRule:
    rule: Rule
    params: Mapping[str, ParamValue]


def _as_rules(obj: object, origin: str) -> list[Rule]:
    items: list[object] = list(obj) if isinstance(obj, list | tuple) else [obj]
    rules = [r for r in items if isinstance(r, Rule)]
    if not rules or len(rules) != len(items):
        raise ConfigError(f"plugin {origin}: expected a Rule (or a list of them), got {type(obj).__name__}")
    return [r if r.origin != "builtin" else _with_origin(r, f"plugin {origin}") for r in rules]


def _with_origin(rule: Rule, origin: str) -> Rule:
    return replace(rule, origin=origin)


def plugin_rules(specs: Iterable[str] = ()) -> list[Rule]:
    """Rules from installed packages (entry points) and from ``module:attribute`` specs."""
    out: list[Rule] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = ep.load()
        except Exception as e:  # a broken third-party package: name it and stop, never half-run the rules
            raise ConfigError(f"rule plugin {ep.name} ({ep.value}) failed to load: {e}") from e
        out += _as_rules(loaded, ep.name)
    for spec in specs:
        module, _, attr = spec.partition(":")
        if not module or not attr:
            raise ConfigError(f"rules.plugins: '{spec}' is not 'package.module:ATTRIBUTE'")
        try:
            loaded = getattr(importlib.import_module(module), attr)
        except ImportError as e:
            raise ConfigError(f"rules.plugins: cannot import {module}: {e}") from e
        except AttributeError as e:
            raise ConfigError(f"rules.plugins: {module} has no attribute {attr}") from e
        out += _as_rules(loaded, spec)
    return out


def custom_rule(spec: Mapping[str, Any], where: str, index: int) -> Rule:
    """A declarative rule from ``[[rules.custom]]``: collection of some data types by some actors in
    some consent states."""
    field_ = f"rules.custom[{index}]"

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{where}: {field_}.{key}: {message}")

    allowed = ("id", "title", "severity", "data_types", "actors", "sdk_categories", "consent", "clauses")
    for key in spec:
        if key not in allowed:
            raise fail(key, f"unknown field (expected one of: {', '.join(allowed)})")
    for key in ("id", "title"):
        if not isinstance(spec.get(key), str) or not spec[key].strip():
            raise fail(key, "expected a non-empty string")
    rule_id = spec["id"]
    if not RULE_ID.match(rule_id):
        raise fail("id", f"'{rule_id}' is not a kebab-case id (two or more words: ads-read-location)")
    try:
        severity = Severity.parse(str(spec.get("severity", "medium")))
    except KeyError:
        raise fail("severity", f"expected one of: {', '.join(str(s) for s in Severity)}") from None

    def strings(key: str, choices: Iterable[str] | None = None) -> frozenset[str] | None:
        value = spec.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "expected a list of strings")
        if choices is not None:
            options = tuple(choices)
            for v in value:
                if v not in options:
                    raise fail(key, f"'{v}' is not one of: {', '.join(options)}")
        return frozenset(value)

    from monitor.scope import DATA_TYPES

    data_types = strings("data_types", sorted(DATA_TYPES))
    actors = strings("actors", ACTOR_KINDS)
    categories = strings("sdk_categories")
    states = strings("consent", CONSENT_STATES)
    clauses = []
    for i, c in enumerate(spec.get("clauses", [])):
        if not isinstance(c, dict) or not all(isinstance(c.get(k), str) and c[k] for k in ("source", "ref", "text")):
            raise fail(f"clauses[{i}]", "expected { source = ..., ref = ..., text = ... }")
        clauses.append(Clause(c["source"], c["ref"], c["text"]))
    title = spec["title"]

    def check(view: Any, params: Params) -> Iterator[Hit]:
        from monitor.analysis.rules._shared import collection_hits, group_sites

        def matches(site: Any) -> Any:
            dt, actor, state = site[0], site[1], site[2]
            ok = (
                (data_types is None or dt in data_types)
                and (actors is None or actor.kind in actors)
                and (categories is None or actor.category in categories)
                and (states is None or state in states)
            )
            return (dt, actor) if ok else None

        yield from collection_hits(group_sites(view, matches), lambda actor, what, _n: f"{actor.name} collected {what}: {title}")

    doc = f"``{rule_id}``: defined in {where}: {title}."
    return Rule(rule_id, title, severity, tuple(clauses), check, doc, origin=f"config {where}")


def resolve(config: RuleConfig | None = None, builtin: Iterable[Rule] | None = None) -> list[ActiveRule]:
    """The rules that run, with their thresholds: built-in + plugins + config-defined, minus the
    disabled ones. Every error names the field."""
    config = config or RuleConfig()
    rules = list(builtin_rules() if builtin is None else builtin)
    rules += plugin_rules(config.plugins)
    rules += [custom_rule(spec, config.where, i) for i, spec in enumerate(config.custom)]
    by_id: dict[str, Rule] = {}
    for r in rules:
        if not RULE_ID.match(r.id):
            raise ConfigError(f"rule '{r.id}' ({r.origin}): ids are kebab-case with two or more words")
        if r.id in by_id:
            raise ConfigError(f"rule '{r.id}' is defined twice ({by_id[r.id].origin} and {r.origin})")
        by_id[r.id] = r
    for rule_id in config.disabled:
        if rule_id not in by_id:
            raise ConfigError(f"{config.where}: rules.disable: no rule '{rule_id}' (see 'privmon rules list')")
    active = []
    for rule_id, given in config.params.items():
        if rule_id not in by_id:
            raise ConfigError(f"{config.where}: rules.{rule_id}: no such rule (see 'privmon rules list')")
        rule = by_id[rule_id]
        for name, value in given.items():
            param = rule.params.get(name)
            if param is None:
                known = ", ".join(rule.params) or "none"
                raise ConfigError(f"{config.where}: rules.{rule_id}.{name}: unknown threshold (this rule has: {known})")
            if param.coerce(value) is None:
                raise ConfigError(f"{config.where}: rules.{rule_id}.{name}: expected {param.type_name}, got {value!r}")
    for r in rules:
        if r.id in config.disabled:
            continue
        params: dict[str, ParamValue] = r.defaults()
        for name, value in config.params.get(r.id, {}).items():
            coerced = r.params[name].coerce(value)
            assert coerced is not None  # validated above
            params[name] = coerced
        active.append(ActiveRule(r, params))
    return active


def rules_by_id() -> dict[str, Rule]:
    return {r.id: r for r in builtin_rules()}
