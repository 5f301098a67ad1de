"""``sdk-collected-before-authorised``: an SDK that must be told the user agreed (Umeng
``submitPolicyGrantResult``, AMap ``updatePrivacyAgree``, JPush ``setAuth``, Baidu
``setAgreePrivacy``...) collected personal information before the app made that call with "agreed",
or the app never made it. Only SDKs whose consent entry point is in the app are judged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from monitor.analysis.clauses import G41391_6_6, R164_1_1
from monitor.analysis.datatypes import label
from monitor.analysis.model import Actor
from monitor.analysis.ruleapi import Hit, Params, Rule, Severity
from monitor.analysis.rules._shared import MAX_EVIDENCE_EVENTS
from monitor.analysis.view import Collected, RunView
from monitor.consent.beacons import BEACON_HOOKS, beacon_calls, sdks_with_beacons


def check(view: RunView, params: Params) -> Iterator[Hit]:
    if view.session is None:
        return
    needs = sdks_with_beacons(view.session.beacon_hooks)
    if not needs:
        return
    told: dict[str, int] = {}
    for call in beacon_calls(view.hooked(BEACON_HOOKS)):
        if call.granted:
            for sdk in call.sdks:
                told.setdefault(sdk, call.ts_ms)

    early: dict[tuple[str, Actor], list[Collected]] = {}
    for (dt, actor), calls in view.by_type_actor.items():
        if actor.kind == "sdk" and actor.name in needs:
            before = [c for c in calls if actor.name not in told or c.event.ts_ms < told[actor.name]]
            if before:
                early[(dt, actor)] = before

    for (dt, actor), calls in early.items():
        when = told.get(actor.name)
        needed = needs[actor.name]
        first = calls[0].event
        if when is None:
            summary = f"{actor.name} collected {label(dt)}; the app never told it the user agreed ({needed})"
        else:
            summary = (
                f"{actor.name} collected {label(dt)} {when - first.ts_ms} ms before the app told it the user agreed ({needed})"
            )
        evidence: dict[str, Any] = {
            "events": [c.event.id for c in calls[:MAX_EVIDENCE_EVENTS]],
            "calls": len(calls),
            "consent_call": needed,
            "told_at_ms": when,
            "stack": list(first.stack),
            "actor_company": actor.company,
            "actor_category": actor.category,
        }
        yield Hit(dt, actor, first.ts_ms, summary, evidence)


RULE = Rule(
    id="sdk-collected-before-authorised",
    title="An SDK collected personal information before the app told it the user had agreed",
    severity=Severity.HIGH,
    clauses=(R164_1_1, G41391_6_6),
    check=check,
    doc=__doc__ or "",
)
