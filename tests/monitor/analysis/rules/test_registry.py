from __future__ import annotations

import inspect

from monitor.analysis.correlator import run_rules
from monitor.analysis.ruleapi import RULE_ID
from monitor.analysis.rules import RuleConfig, builtin_rules, custom_rule, resolve
from tests.monitor.analysis.rules.factories import AGREED, UMENG_STACK, imei, view


def test_builtin_rules_have_stable_ids_docs_and_clauses() -> None:
    rules = builtin_rules()
    assert len(rules) == 25 and len({r.id for r in rules}) == 25
    for r in rules:
        assert RULE_ID.match(r.id)
        assert r.doc.startswith(f"``{r.id}``:"), r.id  # the module docstring explains the test
        assert r.clauses and all(c.source and c.ref and c.text for c in r.clauses)
        module = inspect.getmodule(r.check)
        assert module is not None and module.__name__.endswith(r.id.replace("-", "_"))


def test_custom_rule_from_config_filters_collection() -> None:
    rule = custom_rule({"id": "sdk-imei", "title": "SDK read IMEI", "data_types": ["imei"], "actors": ["sdk"]}, "t.toml", 0)
    v = view([imei(1, 10), imei(2, 20, UMENG_STACK)], consent=[AGREED])
    findings = run_rules(
        v,
        [
            a
            for a in resolve(
                RuleConfig(custom=({"id": "sdk-imei", "title": "SDK read IMEI", "data_types": ["imei"], "actors": ["sdk"]},))
            )
            if a.rule.id == "sdk-imei"
        ],
    )
    assert [(f.rule, f.actor.kind, f.evidence["events"]) for f in findings] == [("sdk-imei", "sdk", [2])]
    assert rule.origin == "config t.toml"


def test_scope_rules_are_skipped_without_a_manifest() -> None:
    v = view([imei(1, 10)], consent=[AGREED])
    assert {f.rule for f in run_rules(v, resolve())} == set()


def test_rules_that_read_flows_say_so() -> None:
    """run_rules runs them last, so the event rules overlap the flow search in worker processes."""
    for rule in builtin_rules():
        reads = "view.sent" in inspect.getsource(inspect.getmodule(rule.check))  # type: ignore[arg-type]
        assert rule.reads_flows == reads, rule.id
