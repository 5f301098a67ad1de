"""Findings about the consent step itself: how the app asked, what it did after a refusal, what it
told its SDKs. Pure host code like the correlator that calls it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from monitor.analysis.attribution import Catalogue, attribute
from monitor.analysis.datatypes import data_type, label
from monitor.analysis.model import Actor, ConsentSession, FindingDraft, ObservedEvent
from monitor.analysis.rules import (
    CONSENT_DIALOG_MISSING,
    CONSENT_PRECHECKED,
    CONSENT_SIGNALS_DISAGREE,
    FORCED_EXIT_AFTER_REFUSAL,
    NO_REFUSE_OPTION,
    PERMISSION_REQUEST_BEFORE_CONSENT,
    SDK_COLLECTED_BEFORE_AUTHORISED,
    Rule,
)
from monitor.consent.beacons import beacon_calls, sdks_with_beacons

if TYPE_CHECKING:
    from monitor.analysis.correlator import ConsentTimeline

PERMISSION_REQUEST_HOOKS = frozenset({"permission.request"})
EXIT_HOOKS = frozenset({"lifecycle.Runtime.exit", "lifecycle.Process.killProcess", "lifecycle.Activity.finish"})
FIRST_LAYER = frozenset({"privacy", "notice", "cmp"})
APP = Actor(kind="app", name="the app", prefix="")

MakeFinding = Callable[[Rule, str, Actor, int, str, dict[str, Any]], FindingDraft]


def consent_findings(
    events: Sequence[ObservedEvent],
    timeline: ConsentTimeline,
    session: ConsentSession | None,
    app_package: str,
    catalogue: Catalogue | None,
    seq_of: dict[int, int],
    user: dict[str, str],
    make: MakeFinding,
) -> list[FindingDraft]:
    out = _permission_requests(events, timeline, app_package, catalogue, seq_of, make)
    out += _sdk_authorisation(events, session, app_package, catalogue, user, make)
    out += _signals_disagree(events, timeline, app_package, catalogue, seq_of, make)
    if session is not None:
        out += _dialog_findings(events, timeline, session, app_package, user, make)
    return out


def _permission_requests(
    events: Sequence[ObservedEvent],
    timeline: ConsentTimeline,
    app_package: str,
    catalogue: Catalogue | None,
    seq_of: dict[int, int],
    make: MakeFinding,
) -> list[FindingDraft]:
    groups: dict[tuple[str, Actor], list[ObservedEvent]] = defaultdict(list)
    for ev in events:
        if ev.hook in PERMISSION_REQUEST_HOOKS:
            state = timeline.state_at(ev.ts_ms, seq_of.get(ev.id))
            if state != "granted":
                groups[(state, attribute(ev.stack, app_package, catalogue, ev.api))].append(ev)
    out = []
    for (state, actor), evs in groups.items():
        asked = sorted({a for e in evs for a in _permission_names(e.args[0] if e.args else "")})
        when = "after the user refused consent" if state == "refused" else "before consent"
        summary = f"{actor.name} requested {', '.join(asked) or 'a permission'} {when} ({len(evs)} request(s))"
        out.append(
            make(
                PERMISSION_REQUEST_BEFORE_CONSENT,
                "permission",
                actor,
                evs[0].ts_ms,
                summary,
                {"events": [e.id for e in evs], "permissions": asked, "consent_state": state, "stack": list(evs[0].stack)},
            )
        )
    return out


def _permission_names(rendered: str) -> list[str]:
    """android.permission.CAMERA,android.permission.RECORD_AUDIO (a String[] as the agent renders it) -> short names."""
    return [p.strip().rsplit(".", 1)[-1] for p in rendered.strip("[]").split(",") if p.strip()]


def _sdk_authorisation(
    events: Sequence[ObservedEvent],
    session: ConsentSession | None,
    app_package: str,
    catalogue: Catalogue | None,
    user: dict[str, str],
    make: MakeFinding,
) -> list[FindingDraft]:
    """An SDK that needs the app's consent call collected before the app made it (with true)."""
    if session is None:
        return []
    needs = sdks_with_beacons(session.beacon_hooks)
    if not needs:
        return []
    told: dict[str, int] = {}
    for call in beacon_calls(events):
        if call.granted:
            for sdk in call.sdks:
                told.setdefault(sdk, call.ts_ms)
    groups: dict[tuple[str, Actor], list[ObservedEvent]] = defaultdict(list)
    for ev in events:
        dt = data_type(ev, app_package, user)
        if dt is None:
            continue
        actor = attribute(ev.stack, app_package, catalogue, ev.api)
        if actor.kind == "sdk" and actor.name in needs and (actor.name not in told or ev.ts_ms < told[actor.name]):
            groups[(dt, actor)].append(ev)
    out = []
    for (dt, actor), evs in groups.items():
        when = told.get(actor.name)
        needed = needs[actor.name]
        if when is None:
            summary = f"{actor.name} collected {label(dt)}; the app never told it the user agreed ({needed})"
        else:
            summary = (
                f"{actor.name} collected {label(dt)} {when - evs[0].ts_ms} ms before the app told it the user agreed ({needed})"
            )
        evidence: dict[str, Any] = {
            "events": [e.id for e in evs],
            "consent_call": needed,
            "told_at_ms": when,
            "stack": list(evs[0].stack),
            "actor_company": actor.company,
            "actor_category": actor.category,
        }
        out.append(make(SDK_COLLECTED_BEFORE_AUTHORISED, dt, actor, evs[0].ts_ms, summary, evidence))
    return out


def _signals_disagree(
    events: Sequence[ObservedEvent],
    timeline: ConsentTimeline,
    app_package: str,
    catalogue: Catalogue | None,
    seq_of: dict[int, int],
    make: MakeFinding,
) -> list[FindingDraft]:
    """Signal 3 against signals 1-2: the app told an SDK "agreed" while the user had not agreed on screen."""
    by_id = {e.id: e for e in events}
    out = []
    for call in beacon_calls(events):
        if not call.granted:
            continue
        ev = by_id[call.event_id]
        state = timeline.state_at(call.ts_ms, seq_of.get(call.event_id))
        if state == "granted":
            continue
        on_screen = "the user had refused on screen" if state == "refused" else "the user had not agreed on screen"
        summary = f"the app told {call.vendor} the user agreed ({call.call}) but {on_screen}"
        actor = attribute(ev.stack, app_package, catalogue, ev.api)
        evidence = {
            "event": call.event_id,
            "call": call.call,
            "ui_consent_state": state,
            "sdks": list(call.sdks),
            "stack": list(ev.stack),
        }
        out.append(make(CONSENT_SIGNALS_DISAGREE, "consent", actor, call.ts_ms, summary, evidence))
    return out


def _dialog_findings(
    events: Sequence[ObservedEvent],
    timeline: ConsentTimeline,
    session: ConsentSession,
    app_package: str,
    user: dict[str, str],
    make: MakeFinding,
) -> list[FindingDraft]:
    out = []
    steps = session.steps
    if session.outcome == "no-dialog" and session.policy != "manual":
        collected = [(e, dt) for e in events if (dt := data_type(e, app_package, user)) is not None]
        if collected:
            kinds = sorted({label(dt) for _, dt in collected})
            summary = f"the app collected {', '.join(kinds)} and never showed a privacy dialog"
            evidence = {"events": [e.id for e, _ in collected][:50]}
            out.append(make(CONSENT_DIALOG_MISSING, "consent", APP, collected[0][0].ts_ms, summary, evidence))
    prechecked = next((s for s in steps if s.get("checkbox") == "checked"), None)
    if prechecked is not None:
        summary = f"the {prechecked['kind']} dialog showed its consent checkbox already ticked"
        out.append(make(CONSENT_PRECHECKED, "consent", APP, _when(prechecked, events), summary, {"step": prechecked}))
    first_layer = next((s for s in steps if s.get("kind") in FIRST_LAYER), None)
    if first_layer is not None and not first_layer.get("has_refuse"):
        summary = f"the {first_layer['kind']} dialog can only be accepted: it has no control to refuse"
        out.append(make(NO_REFUSE_OPTION, "consent", APP, _when(first_layer, events), summary, {"step": first_layer}))
    refusal = next((p for p in timeline.points if p.state == "refused"), None)
    if refusal is not None and session.outcome in ("exited", "closed"):
        exits = [e for e in events if e.hook in EXIT_HOOKS and e.ts_ms >= refusal.ts_ms]
        ts = exits[0].ts_ms if exits else (session.outcome_ts_ms or refusal.ts_ms)
        how = "ended its process" if session.outcome == "exited" else "closed all its screens"
        via = f" ({', '.join(sorted({e.api for e in exits}))})" if exits else ""
        summary = f"the app {how} {ts - refusal.ts_ms} ms after the user refused{via}"
        exit_evidence: dict[str, Any] = {
            "events": [e.id for e in exits],
            "refused_at_ms": refusal.ts_ms,
            "outcome": session.outcome,
        }
        out.append(make(FORCED_EXIT_AFTER_REFUSAL, "consent", APP, ts, summary, exit_evidence))
    return out


def _when(step: dict[str, Any], events: Sequence[ObservedEvent]) -> int:
    shown = step.get("shown_ms") or step.get("ts_ms")
    if isinstance(shown, int):
        return shown
    return events[0].ts_ms if events else 0
