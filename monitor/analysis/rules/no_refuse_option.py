"""``no-refuse-option``: the first privacy dialog (privacy, notice or CMP kind) has no control to
refuse: only "OK", "我知道了" or "同意". A dialog that can only be accepted does not ask for consent."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_14, R191_3_1
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import APP
from monitor.analysis.view import RunView, step_time

FIRST_LAYER = frozenset({"privacy", "notice", "cmp"})


def check(view: RunView, params: Params) -> Iterator[Hit]:
    steps = view.session.steps if view.session else ()
    step = next((s for s in steps if s.get("kind") in FIRST_LAYER), None)
    if step is not None and not step.get("has_refuse"):
        summary = f"the {step['kind']} dialog can only be accepted: it has no control to refuse"
        yield Hit("consent", APP, step_time(step, view.events), summary, {"step": step})


RULE = Rule(
    id="no-refuse-option",
    title="The consent dialog offers no way to refuse",
    severity=Severity.MEDIUM,
    clauses=(R191_3_1, PIPL_14),
    check=check,
    doc=__doc__ or "",
)
