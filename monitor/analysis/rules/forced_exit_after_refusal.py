"""``forced-exit-after-refusal``: after the user refused the privacy policy the app ended its
process or closed all its screens (the consent flow's outcome ``exited`` or ``closed``), instead
of offering a basic mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from monitor.analysis.clauses import PIPL_16, R191_4_2
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import APP
from monitor.analysis.view import EXIT_HOOKS, RunView


def check(view: RunView, params: Params) -> Iterator[Hit]:
    session = view.session
    refusal = next((p for p in view.timeline.points if p.state == "refused"), None)
    if session is None or refusal is None or session.outcome not in ("exited", "closed"):
        return
    exits = [e for e in view.hooked(EXIT_HOOKS) if e.ts_ms >= refusal.ts_ms]
    ts = exits[0].ts_ms if exits else (session.outcome_ts_ms or refusal.ts_ms)
    how = "ended its process" if session.outcome == "exited" else "closed all its screens"
    via = f" ({', '.join(sorted({e.api for e in exits}))})" if exits else ""
    summary = f"the app {how} {ts - refusal.ts_ms} ms after the user refused{via}"
    evidence: dict[str, Any] = {"events": [e.id for e in exits], "refused_at_ms": refusal.ts_ms, "outcome": session.outcome}
    yield Hit("consent", APP, ts, summary, evidence)


RULE = Rule(
    id="forced-exit-after-refusal",
    title="The app quit or closed after the user refused consent",
    severity=Severity.MEDIUM,
    clauses=(R191_4_2, PIPL_16),
    check=check,
    doc=__doc__ or "",
)
