"""``consent-signals-disagree``: signal 3 against signals 1-2. The app told an SDK (or wrote IAB TCF
preferences saying) that the user agreed, while on screen the user had not agreed or had refused."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import R191_3_1, R191_3_9
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.view import RunView
from monitor.consent.beacons import BEACON_HOOKS, beacon_calls


def check(view: RunView, params: Params) -> Iterator[Hit]:
    for call in beacon_calls(view.hooked(BEACON_HOOKS)):
        if not call.granted:
            continue
        ev = view.by_id[call.event_id]
        state = view.state(ev)
        if state == "granted":
            continue
        on_screen = "the user had refused on screen" if state == "refused" else "the user had not agreed on screen"
        summary = f"the app told {call.vendor} the user agreed ({call.call}) but {on_screen}"
        evidence = {
            "event": call.event_id,
            "call": call.call,
            "ui_consent_state": state,
            "sdks": list(call.sdks),
            "stack": list(ev.stack),
        }
        yield Hit("consent", view.actor(ev), call.ts_ms, summary, evidence)


RULE = Rule(
    id="consent-signals-disagree",
    title="The app told an SDK something other than what the user chose on screen",
    severity=Severity.MEDIUM,
    clauses=(R191_3_1, R191_3_9),
    check=check,
    doc=__doc__ or "",
)
