"""``consent-prechecked``: the privacy dialog showed its "I have read and agree" checkbox already
ticked before anyone touched it."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_14, R191_3_4
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import APP
from monitor.analysis.view import RunView, step_time


def check(view: RunView, params: Params) -> Iterator[Hit]:
    steps = view.session.steps if view.session else ()
    step = next((s for s in steps if s.get("checkbox") == "checked"), None)
    if step is not None:
        summary = f"the {step['kind']} dialog showed its consent checkbox already ticked"
        yield Hit("consent", APP, step_time(step, view.events), summary, {"step": step})


RULE = Rule(
    id="consent-prechecked",
    title="The consent checkbox was ticked before the user touched it",
    severity=Severity.MEDIUM,
    clauses=(R191_3_4, PIPL_14),
    check=check,
    doc=__doc__ or "",
)
