"""``consent-dialog-missing``: the app collected personal information and no privacy dialog was
ever shown (the consent flow looked at every screen and found none). Not judged in manual mode,
where the tester drives the screens."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_17, R191_1_2
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import APP
from monitor.analysis.view import RunView


def check(view: RunView, params: Params) -> Iterator[Hit]:
    session = view.session
    if session is None or session.outcome != "no-dialog" or session.policy == "manual" or not view.collected:
        return
    kinds = sorted({label(c.data_type) for c in view.collected})
    summary = f"the app collected {', '.join(kinds)} and never showed a privacy dialog"
    evidence = {"events": [c.event.id for c in view.collected][:50]}
    yield Hit("consent", APP, view.collected[0].event.ts_ms, summary, evidence)


RULE = Rule(
    id="consent-dialog-missing",
    title="Personal information collected, and no privacy dialog was ever shown",
    severity=Severity.HIGH,
    clauses=(R191_1_2, PIPL_17),
    check=check,
    doc=__doc__ or "",
)
