"""The correlator: hook events + flows + consent timeline -> findings. Pure host code, no I/O.

Consent state at a moment is the last consent decision at or before it (``none`` before any).
Device events are ordered by device time, ties broken by the agent's sequence number, so a
collection inside the "agree" click handler counts as after consent and one before it does not.

Rules (ids are stable):

* ``collection-before-consent`` - a PI hook event while no consent has been given;
* ``collection-after-refusal`` - a PI hook event after the user refused;
* ``transmission-before-consent`` - a PI value (from a hook's return value) found in a flow sent
  while no consent was in force, in any encoding the matcher knows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from monitor.analysis.attribution import Catalogue, attribute, sdk_catalogue
from monitor.analysis.consentcheck import consent_findings
from monitor.analysis.datatypes import VALUE_DATA_TYPES, data_type, label
from monitor.analysis.matchers import expand, haystacks, search
from monitor.analysis.model import Actor, ConsentPoint, ConsentSession, FindingDraft, ObservedEvent, ObservedFlow
from monitor.analysis.rules import COLLECTION_AFTER_REFUSAL, COLLECTION_BEFORE_CONSENT, TRANSMISSION_BEFORE_CONSENT, Rule
from monitor.events import PiValue

NETWORK_HOOKS = frozenset({"net.URL.openConnection"})


class ConsentTimeline:
    def __init__(self, points: Iterable[ConsentPoint], seq_of: dict[int, int] | None = None) -> None:
        self.points = sorted(points, key=lambda p: p.ts_ms)
        self._seq_of = seq_of or {}

    @property
    def decision(self) -> ConsentPoint | None:
        """The first consent decision (agree or refuse): the reference for relative times."""
        return self.points[0] if self.points else None

    def state_at(self, ts_ms: int, seq: int | None = None) -> str:
        state = "none"
        for p in self.points:
            if p.ts_ms < ts_ms:
                state = p.state
            elif p.ts_ms == ts_ms:
                point_seq = self._seq_of.get(p.event_id) if p.event_id is not None else None
                if seq is None or point_seq is None or point_seq <= seq:
                    state = p.state
            else:
                break
        return state

    def relative(self, ts_ms: int) -> int | None:
        d = self.decision
        return None if d is None else ts_ms - d.ts_ms


def _flow_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.path or "/"


def _flow_actor(
    flow: ObservedFlow, net_events: Sequence[ObservedEvent], app_package: str, catalogue: Catalogue | None
) -> tuple[Actor, int | None]:
    key = _flow_key(flow.url)
    best: ObservedEvent | None = None
    for ev in net_events:
        if ev.target and _flow_key(ev.target) == key and ev.ts_ms <= flow.ts_ms and (best is None or ev.ts_ms >= best.ts_ms):
            best = ev
    if best is None:
        return Actor(kind="unknown", name=f"unattributed ({flow.host})", prefix=""), None
    return attribute(best.stack, app_package, catalogue, best.api), best.id


def correlate(
    events: Sequence[ObservedEvent],
    flows: Sequence[ObservedFlow],
    consent: Sequence[ConsentPoint],
    app_package: str,
    catalogue: Catalogue | None = None,
    seq_of: dict[int, int] | None = None,
    user_data_types: dict[str, str] | None = None,
    session: ConsentSession | None = None,
) -> list[FindingDraft]:
    """All findings of one run. ``seq_of`` maps event id -> agent sequence number (tie-breaks);
    ``session`` (how the consent step went) enables the rules about the dialogs and SDK consent calls."""
    timeline = ConsentTimeline(consent, seq_of)
    ordered = sorted(events, key=lambda e: (e.ts_ms, (seq_of or {}).get(e.id, 0)))
    findings = _collection_findings(ordered, timeline, app_package, catalogue, seq_of or {}, user_data_types or {})
    findings += _transmission_findings(ordered, flows, timeline, app_package, catalogue)

    def make(rule: Rule, dt: str, actor: Actor, ts_ms: int, summary: str, evidence: dict[str, Any]) -> FindingDraft:
        return _finding(rule, dt, actor, ts_ms, timeline, summary, evidence)

    findings += consent_findings(ordered, timeline, session, app_package, catalogue, seq_of or {}, user_data_types or {}, make)
    return sorted(findings, key=lambda f: (f.ts_ms, f.rule, f.data_type))


def _actor_evidence(actor: Actor) -> dict[str, Any]:
    return {"actor_company": actor.company, "actor_category": actor.category} if actor.kind == "sdk" else {}


def _finding(
    rule: Rule, data_type: str, actor: Actor, ts_ms: int, timeline: ConsentTimeline, summary: str, evidence: dict[str, Any]
) -> FindingDraft:
    decision = timeline.decision
    if decision is not None and decision.source == "dump-diff":
        # No click event: the press is only known to lie in a bracket. The decision is placed at its
        # start, so nothing inside the bracket is reported as "before consent"; the finding says so.
        end = decision.bracket_end_ms if decision.bracket_end_ms is not None else decision.ts_ms
        evidence = dict(
            evidence,
            consent_time=f"bracketed from the screen change (no click event): between {decision.ts_ms} and {end}",
            within_consent_bracket=decision.ts_ms <= ts_ms <= end,
        )
    return FindingDraft(
        rule=rule.id,
        severity=str(rule.severity),
        data_type=data_type,
        actor=actor,
        ts_ms=ts_ms,
        rel_ms=timeline.relative(ts_ms),
        summary=summary,
        evidence=evidence,
        clauses=[c.as_dict() for c in rule.clauses],
    )


def _collection_findings(
    events: Sequence[ObservedEvent],
    timeline: ConsentTimeline,
    app_package: str,
    catalogue: Catalogue | None,
    seq_of: dict[int, int],
    user: dict[str, str],
) -> list[FindingDraft]:
    groups: dict[tuple[str, str, Actor], list[ObservedEvent]] = defaultdict(list)
    rules: dict[str, Rule] = {}
    for ev in events:
        dt = data_type(ev, app_package, user)
        if dt is None:
            continue
        state = timeline.state_at(ev.ts_ms, seq_of.get(ev.id))
        if state == "granted":
            continue
        rule = COLLECTION_AFTER_REFUSAL if state == "refused" else COLLECTION_BEFORE_CONSENT
        rules[rule.id] = rule
        groups[(rule.id, dt, attribute(ev.stack, app_package, catalogue, ev.api))].append(ev)
    out = []
    for (rule_id, dt, actor), evs in groups.items():
        rule = rules[rule_id]
        first = evs[0]
        denied = sum(1 for e in evs if e.thrown)
        apis = sorted({e.api for e in evs})
        when = "after the user refused consent" if rule is COLLECTION_AFTER_REFUSAL else "before consent"
        summary = f"{actor.name} collected {label(dt)} {when} ({len(evs)} call{'s' if len(evs) != 1 else ''}: {', '.join(apis)})"
        if denied:
            summary += f"; {denied} attempt(s) denied by the OS"
        evidence: dict[str, Any] = {
            "events": [e.id for e in evs],
            "apis": apis,
            "denied_attempts": denied,
            "stack": list(first.stack),
            "thread": first.thread_name,
        }
        evidence.update(_actor_evidence(actor))
        out.append(_finding(rule, dt, actor, first.ts_ms, timeline, summary, evidence))
    return out


def _transmission_findings(
    events: Sequence[ObservedEvent],
    flows: Sequence[ObservedFlow],
    timeline: ConsentTimeline,
    app_package: str,
    catalogue: Catalogue | None,
) -> list[FindingDraft]:
    net_events = [e for e in events if e.hook in NETWORK_HOOKS]
    valued = [(e, v) for e in events for v in e.values]
    out = []
    for flow in sorted(flows, key=lambda f: f.ts_ms):
        if timeline.state_at(flow.ts_ms) == "granted":
            continue
        known: dict[PiValue, list[int]] = defaultdict(list)
        for ev, value in valued:
            if ev.ts_ms <= flow.ts_ms:
                known[value].append(ev.id)
        if not known:
            continue
        needles = [n for value in known for n in expand(value)]
        matches = search(needles, haystacks(flow.url, flow.headers, flow.body))
        by_type: dict[str, list[tuple[PiValue, str, str]]] = defaultdict(list)
        for m in matches:
            by_type[VALUE_DATA_TYPES[m.value_type]].append((PiValue(m.value_type, m.value), m.encoding, m.context))
        if not by_type:
            continue
        actor, net_event = _flow_actor(flow, net_events, app_package, catalogue)
        recipient = (catalogue if catalogue is not None else sdk_catalogue()).recipient(flow.host, app_package)
        to = flow.host + (f" ({recipient.entity})" if recipient.entity else "")
        for dt, hits in sorted(by_type.items()):
            encodings = sorted({enc for _, enc, _ in hits})
            source_events = sorted({i for value, _, _ in hits for i in known[value]})
            summary = f"{actor.name} sent {label(dt)} to {to} before consent (as {', '.join(encodings)})"
            evidence: dict[str, Any] = {
                "flow": flow.id,
                "url": flow.url,
                "host": flow.host,
                "method": flow.method,
                "encodings": encodings,
                "contexts": sorted({c for _, _, c in hits}),
                "value_events": source_events,
                "connection_event": net_event,
                "recipient": {"entity": recipient.entity, "domain": recipient.domain, "party": recipient.party},
            }
            evidence.update(_actor_evidence(actor))
            out.append(_finding(TRANSMISSION_BEFORE_CONSENT, dt, actor, flow.ts_ms, timeline, summary, evidence))
    return out
