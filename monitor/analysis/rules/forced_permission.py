"""``forced-permission``: after the user denied a runtime permission the app either ended
(``System.exit``, ``Process.killProcess``, or finished its last activity) within ``exit_within_ms``, or
kept asking for it: ``loop_count`` or more further requests for the same permission in the run
after denials (a dialog loop). One finding per denial that forced it."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import PIPL_16, R164_2_1, R191_4_2
from monitor.analysis.ruleapi import Hit, Param, Params, Rule, Severity
from monitor.analysis.rules._shared import APP
from monitor.analysis.view import EXIT_HOOKS, RESUME_HOOKS, RunView, short_permission


def check(view: RunView, params: Params) -> Iterator[Hit]:
    within = int(params["exit_within_ms"])
    loop = int(params["loop_count"])
    denials = [a for a in view.permission_answers if not a.granted]
    resumes = [e.ts_ms for e in view.hooked(RESUME_HOOKS)]
    # A finished activity only ends the app when no activity of it comes back to the foreground.
    exits = [e for e in view.hooked(EXIT_HOOKS) if e.hook != "lifecycle.Activity.finish" or not any(t > e.ts_ms for t in resumes)]
    exited_for: set[str] = set()
    for d in denials:
        if d.permission in exited_for:
            continue
        ended = next((e for e in exits if d.ts_ms <= e.ts_ms <= d.ts_ms + within), None)
        if ended is not None:
            exited_for.add(d.permission)
            summary = (
                f"the app quit {ended.ts_ms - d.ts_ms} ms after the user denied {short_permission(d.permission)} ({ended.api})"
            )
            evidence = {"events": [ended.id], "denial_event": d.event_id, "permission": d.permission, "how": "exit"}
            yield Hit("permission", APP, ended.ts_ms, summary, evidence)
    for perm in dict.fromkeys(d.permission for d in denials):
        first_denial = next(d for d in denials if d.permission == perm)
        again = [r for r in view.permission_requests if perm in r.permissions and view.answered_before(first_denial, r.event)]
        if len(again) >= loop:
            n_denied = sum(1 for d in denials if d.permission == perm)
            summary = (
                f"{again[0].actor.name} asked for {short_permission(perm)} {len(again)} more times after it was denied "
                f"({n_denied} denials): a permission loop"
            )
            evidence = {"events": [r.event.id for r in again], "permission": perm, "denials": n_denied, "how": "loop"}
            yield Hit("permission", again[0].actor, again[-1].event.ts_ms, summary, evidence)


RULE = Rule(
    id="forced-permission",
    title="The app quit, or kept asking, after a permission was denied",
    severity=Severity.HIGH,
    clauses=(R164_2_1, R191_4_2, PIPL_16),
    check=check,
    doc=__doc__ or "",
    params={
        "exit_within_ms": Param(3000, "an exit this soon after a denial counts as forced"),
        "loop_count": Param(2, "further requests for a denied permission that make a loop"),
    },
)
