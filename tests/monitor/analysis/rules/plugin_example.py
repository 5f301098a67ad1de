"""A plugin rule as a third party would write one (used by the config and registry tests)."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.ruleapi import Clause, Hit, Params, Rule, Severity
from monitor.analysis.view import RunView


def check(view: RunView, params: Params) -> Iterator[Hit]:
    for c in view.collected:
        if c.data_type == "imei":
            yield Hit(c.data_type, c.actor, c.event.ts_ms, f"{c.actor.name} read the IMEI")


RULES = [
    Rule(
        id="example-plugin-rule",
        title="Any IMEI read",
        severity=Severity.LOW,
        clauses=(Clause("example", "1", "no IMEI"),),
        check=check,
        doc="``example-plugin-rule``: any IMEI read.",
    )
]
