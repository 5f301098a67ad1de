from __future__ import annotations

import re

from monitor.analysis.rules import RULES, Severity


def test_rule_ids_are_stable_kebab_case_with_clauses() -> None:
    assert set(RULES) == {
        "collection-before-consent",
        "transmission-before-consent",
        "collection-after-refusal",
        "permission-request-before-consent",
        "forced-exit-after-refusal",
        "consent-dialog-missing",
        "consent-prechecked",
        "no-refuse-option",
        "sdk-collected-before-authorised",
        "consent-signals-disagree",
    }
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.id)
        assert rule.clauses and all(c.source and c.ref and c.text for c in rule.clauses)


def test_severity_order_and_parsing() -> None:
    assert Severity.parse("High") is Severity.HIGH > Severity.MEDIUM
    assert str(Severity.CRITICAL) == "critical"
