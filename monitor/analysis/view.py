"""One run as the rules see it: the stored observations plus what every rule needs derived from
them, computed once (data type and actor of each event, consent state, PI found in each flow,
foreground spans, permission requests and results). Pure host code, no I/O.

Consent state at a moment is the last consent decision at or before it (``none`` before any).
Device events are ordered by device time, ties broken by the agent's sequence number, so a
collection inside the "agree" click handler counts as after consent and one before it does not.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from monitor.analysis.attribution import Catalogue, Recipient, attribute, caller_class, sdk_catalogue
from monitor.analysis.datatypes import VALUE_DATA_TYPES, data_type
from monitor.analysis.matchers import NeedleIndex, haystacks
from monitor.analysis.model import Actor, ConsentPoint, ConsentSession, ObservedEvent, ObservedFlow
from monitor.events import PiValue

if TYPE_CHECKING:
    from monitor.scope import ScopeManifest

NETWORK_HOOKS = frozenset({"net.URL.openConnection"})
RESUME_HOOKS = frozenset({"lifecycle.Activity.onResume"})
PAUSE_HOOKS = frozenset({"lifecycle.Activity.onPause"})
CLICK_HOOKS = frozenset({"ui.View.performClick"})
PERMISSION_REQUEST_HOOKS = frozenset({"permission.request"})
PERMISSION_RESULT_HOOKS = frozenset({"permission.result"})
EXIT_HOOKS = frozenset({"lifecycle.Runtime.exit", "lifecycle.Process.killProcess", "lifecycle.Activity.finish"})


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


@dataclass(frozen=True)
class Collected:
    """A hook event that collected personal information."""

    event: ObservedEvent
    data_type: str
    actor: Actor
    state: str  # consent state at the call: none | granted | refused


@dataclass(frozen=True)
class PiHit:
    """A PI value found in a flow: how it was encoded, where, and which hook events returned it."""

    value: PiValue
    data_type: str
    encoding: str
    context: str
    events: tuple[int, ...]


@dataclass(frozen=True)
class SentFlow:
    """A flow carrying PI the app had collected before sending it."""

    flow: ObservedFlow
    actor: Actor
    connection_event: int | None
    recipient: Recipient
    state: str
    hits: tuple[PiHit, ...]

    def by_type(self) -> dict[str, list[PiHit]]:
        out: dict[str, list[PiHit]] = defaultdict(list)
        for h in self.hits:
            out[h.data_type].append(h)
        return dict(sorted(out.items()))


@dataclass(frozen=True)
class PermissionRequest:
    event: ObservedEvent
    permissions: tuple[str, ...]  # full names, android.permission.CAMERA
    actor: Actor
    state: str


@dataclass(frozen=True)
class PermissionAnswer:
    """One permission's result, from a permission.result event or an earlier run (``run`` set)."""

    ts_ms: int
    permission: str
    granted: bool
    event_id: int | None = None
    run: str | None = None  # uid of the earlier run it comes from


@dataclass
class RunView:
    events: Sequence[ObservedEvent]
    flows: Sequence[ObservedFlow]
    consent: Sequence[ConsentPoint]
    package: str
    catalogue: Catalogue | None = None
    seq_of: dict[int, int] = field(default_factory=dict)
    user_data_types: dict[str, str] = field(default_factory=dict)
    session: ConsentSession | None = None
    scope: ScopeManifest | None = None
    history: Sequence[PermissionAnswer] = ()  # permission answers from earlier runs (same device and app)

    def __post_init__(self) -> None:
        seq = self.seq_of
        self.events = sorted(self.events, key=lambda e: (e.ts_ms, seq.get(e.id, 0)))
        self.flows = sorted(self.flows, key=lambda f: f.ts_ms)
        self.timeline = ConsentTimeline(self.consent, seq)
        self._actors: dict[tuple[tuple[str, ...], str], Actor] = {}

    @property
    def cat(self) -> Catalogue:
        return self.catalogue if self.catalogue is not None else sdk_catalogue()

    def actor(self, ev: ObservedEvent) -> Actor:
        key = (ev.stack, ev.api)
        found = self._actors.get(key)
        if found is None:
            found = self._actors[key] = attribute(ev.stack, self.package, self.cat, ev.api)
        return found

    def caller(self, ev: ObservedEvent) -> str | None:
        """The class that made the call (skipping the API itself, the framework and transparent libraries)."""
        return caller_class(ev.stack, ev.api, self.cat)

    def state(self, ev: ObservedEvent) -> str:
        return self.timeline.state_at(ev.ts_ms, self.seq_of.get(ev.id))

    @cached_property
    def by_id(self) -> dict[int, ObservedEvent]:
        return {e.id: e for e in self.events}

    @cached_property
    def collected(self) -> list[Collected]:
        """Every PI-collecting event, in device order."""
        out = []
        user = self.user_data_types
        for ev in self.events:
            dt = data_type(ev, self.package, user)
            if dt is not None:
                out.append(Collected(ev, dt, self.actor(ev), self.state(ev)))
        return out

    def hooked(self, hooks: frozenset[str]) -> list[ObservedEvent]:
        return [e for e in self.events if e.hook in hooks]

    @cached_property
    def clicks(self) -> list[int]:
        """Device times of the user's clicks (views, dialog buttons, checkboxes), ascending."""
        return sorted(e.ts_ms for e in self.events if e.hook in CLICK_HOOKS or e.kind == "ui:click")

    def last_click_before(self, ts_ms: int) -> int | None:
        i = bisect.bisect_right(self.clicks, ts_ms)
        return self.clicks[i - 1] if i else None

    @cached_property
    def background_spans(self) -> list[tuple[int, int | None]]:
        """(from, to) spans with no resumed activity: from an onPause not followed by an onResume
        until the next onResume (to None: until the end of the run). Before the first activity
        resumes the app is starting in the foreground."""
        spans: list[tuple[int, int | None]] = []
        paused_at: int | None = None
        for ev in self.events:
            if ev.hook in PAUSE_HOOKS and paused_at is None:
                paused_at = ev.ts_ms
            elif ev.hook in RESUME_HOOKS and paused_at is not None:
                spans.append((paused_at, ev.ts_ms))
                paused_at = None
        if paused_at is not None:
            spans.append((paused_at, None))
        return spans

    def background_since(self, ts_ms: int, grace_ms: int) -> int | None:
        """When the app went to the background, if it had been there for more than GRACE_MS at TS_MS
        (activity switches pause one activity a moment before resuming the next)."""
        for start, end in self.background_spans:
            if start + grace_ms < ts_ms and (end is None or ts_ms < end):
                return start
        return None

    @cached_property
    def permission_requests(self) -> list[PermissionRequest]:
        out = []
        for ev in self.events:
            if ev.hook in PERMISSION_REQUEST_HOOKS:
                names = tuple(_string_array(ev.args[0] if ev.args else ""))
                out.append(PermissionRequest(ev, names, self.actor(ev), self.state(ev)))
        return out

    @cached_property
    def permission_answers(self) -> list[PermissionAnswer]:
        """This run's permission results (dispatchRequestPermissionsResult(code, String[], int[]))."""
        return [
            a for ev in self.events if ev.hook in PERMISSION_RESULT_HOOKS for a in permission_answers(ev.ts_ms, ev.args, ev.id)
        ]

    @cached_property
    def sent(self) -> list[SentFlow]:
        """Flows that carry PI values the app collected before the flow started, in any encoding the
        matcher knows; each joined to the call site that opened its connection."""
        valued = [(e, v) for e in self.events for v in e.values]
        if not valued or not self.flows:
            return []
        index = NeedleIndex(v for _, v in valued)
        seen_at: dict[PiValue, list[tuple[int, int]]] = defaultdict(list)  # value -> (ts, event id), ascending
        for ev, value in valued:
            seen_at[value].append((ev.ts_ms, ev.id))
        connections = self._connections()
        out = []
        for flow in self.flows:
            matches = index.search(haystacks(flow.url, flow.headers, flow.body))
            hits = []
            for m in matches:
                value = PiValue(m.value_type, m.value)
                events = tuple(i for ts, i in seen_at[value] if ts <= flow.ts_ms)
                if events:
                    hits.append(PiHit(value, VALUE_DATA_TYPES[m.value_type], m.encoding, m.context, events))
            if not hits:
                continue
            actor, connection = self._flow_actor(flow, connections)
            recipient = self.cat.recipient(flow.host, self.package)
            out.append(SentFlow(flow, actor, connection, recipient, self.timeline.state_at(flow.ts_ms), tuple(hits)))
        return out

    def _connections(self) -> dict[tuple[str, str], list[tuple[int, ObservedEvent]]]:
        by_key: dict[tuple[str, str], list[tuple[int, ObservedEvent]]] = defaultdict(list)
        for ev in self.events:
            if ev.hook in NETWORK_HOOKS and ev.target:
                by_key[flow_key(ev.target)].append((ev.ts_ms, ev))
        return by_key

    def _flow_actor(
        self, flow: ObservedFlow, connections: dict[tuple[str, str], list[tuple[int, ObservedEvent]]]
    ) -> tuple[Actor, int | None]:
        """The latest connection opened to the flow's host and path at or before the flow."""
        opened = connections.get(flow_key(flow.url), [])
        i = bisect.bisect_right(opened, flow.ts_ms, key=lambda t: t[0])
        if not i:
            return Actor(kind="unknown", name=f"unattributed ({flow.host})", prefix=""), None
        ev = opened[i - 1][1]
        return self.actor(ev), ev.id


def flow_key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.path or "/"


def _string_array(rendered: str) -> list[str]:
    """``[a,b]`` (an array as the agent renders it) -> ["a", "b"]."""
    return [p.strip() for p in rendered.strip().strip("[]").split(",") if p.strip()]


def short_permission(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def step_time(step: dict[str, object], events: Sequence[ObservedEvent]) -> int:
    """When a consent-flow step's dialog was shown (device clock)."""
    shown = step.get("shown_ms") or step.get("ts_ms")
    if isinstance(shown, int):
        return shown
    return events[0].ts_ms if events else 0


def unprompted(view: RunView, ts_ms: int, within_ms: int, grace_ms: int = 1000) -> bool:
    """No user click in the WITHIN_MS before TS_MS, or the app was in the background."""
    last = view.last_click_before(ts_ms)
    return last is None or ts_ms - last > within_ms or view.background_since(ts_ms, grace_ms) is not None


def permission_answers(ts_ms: int, args: Sequence[str], event_id: int | None, run: str | None = None) -> list[PermissionAnswer]:
    """The answers in one ``dispatchRequestPermissionsResult(code, String[], int[])`` call (0 = granted)."""
    if len(args) < 3:
        return []
    names, results = _string_array(args[1]), _string_array(args[2])
    return [PermissionAnswer(ts_ms, n, r == "0", event_id, run) for n, r in zip(names, results, strict=False)]
