"""One run as the rules see it: the stored observations plus what every rule needs derived from
them, computed once (data type and actor of each event, consent state, PI found in each flow,
foreground spans, permission requests and results). Pure host code, no I/O.

Consent state at a moment is the last consent decision at or before it (``none`` before any).
Device events are ordered by device time, ties broken by the agent's sequence number, so a
collection inside the "agree" click handler counts as after consent and one before it does not.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple, overload
from urllib.parse import urlsplit

from monitor.analysis.attribution import Catalogue, Recipient, attribute, caller_class, sdk_catalogue
from monitor.analysis.datatypes import VALUE_DATA_TYPES, data_type, depends_on_call, fast_data_types
from monitor.analysis.model import Actor, ConsentPoint, ConsentSession, ObservedEvent, ObservedFlow
from monitor.consent.beacons import BEACON_HOOKS
from monitor.events import PiValue, ValueType
from monitor.traffic.adapters import AdapterSet, default_adapters
from monitor.traffic.model import Match
from monitor.traffic.parallel import MatchJob

if TYPE_CHECKING:
    from monitor.device.truth import TruthValue
    from monitor.scope import ScopeManifest

NETWORK_HOOKS = frozenset({"net.URL.openConnection", "net.okhttp3.newCall"})
RESUME_HOOKS = frozenset({"lifecycle.Activity.onResume"})
PAUSE_HOOKS = frozenset({"lifecycle.Activity.onPause"})
CLICK_HOOKS = frozenset({"ui.View.performClick"})
PERMISSION_REQUEST_HOOKS = frozenset({"permission.request"})
PERMISSION_RESULT_HOOKS = frozenset({"permission.result"})
MAX_VALUE_EVENTS = 10
RESULT_CALLBACK = "RequestPermissionsResult("  # onRequestPermissionsResult / dispatchRequestPermissionsResult frames
_EVENT_TS = attrgetter("event.ts_ms")
EXIT_HOOKS = frozenset({"lifecycle.Runtime.exit", "lifecycle.Process.killProcess", "lifecycle.Activity.finish"})
# the hooks whose events the view and the rules look for among all events (few, in a large run): kept
# apart in the one pass over the events, so that finding them does not walk every event again
LANDMARK_HOOKS = (
    NETWORK_HOOKS
    | RESUME_HOOKS
    | PAUSE_HOOKS
    | CLICK_HOOKS
    | PERMISSION_REQUEST_HOOKS
    | PERMISSION_RESULT_HOOKS
    | EXIT_HOOKS
    | BEACON_HOOKS
)


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
            if p.ts_ms > ts_ms:
                break
            if p.ts_ms < ts_ms or self.tie_applies(p, seq):
                state = p.state
        return state

    def tie_applies(self, p: ConsentPoint, seq: int | None) -> bool:
        """A decision in the same millisecond as an event applies to it unless the agent's sequence
        numbers put the decision after it."""
        point_seq = self._seq_of.get(p.event_id) if p.event_id is not None else None
        return seq is None or point_seq is None or point_seq <= seq

    def relative(self, ts_ms: int) -> int | None:
        d = self.decision
        return None if d is None else ts_ms - d.ts_ms


class Collected(NamedTuple):
    """A hook event that collected personal information (a named tuple: millions are built per run)."""

    event: ObservedEvent
    data_type: str
    actor: Actor
    state: str  # consent state at the call: none | granted | refused


Site = tuple[str, Actor, str, tuple[str, ...], str]  # data type, actor, consent state, stack, API


class SiteCalls(list[Collected]):
    """The calls from one call site, in device order, with what rules ask of all of them: the API
    (one per site) and which calls the OS refused (so that no rule walks every call to count)."""

    __slots__ = ("_times", "api", "thrown_at")

    def __init__(self, api: str, calls: Iterable[Collected] = ()) -> None:
        super().__init__(calls)
        self.api = api
        self.thrown_at: list[int] = []  # positions of the calls that threw (SecurityException...)
        self._times: list[int] | None = None

    @property
    def thrown(self) -> int:
        return len(self.thrown_at)

    def within(self, spans: Sequence[tuple[int | None, int | None]]) -> list[SiteCalls]:
        """The runs of these calls whose device times lie in SPANS (sorted, disjoint, half-open
        ``[start, end)``; None: unbounded), each a :class:`SiteCalls` of its own, in device order."""
        if not self or not spans:
            return []
        times = self._times
        if times is None or len(times) != len(self):
            times = self._times = [c.event.ts_ms for c in self]
        out = []
        first, last = times[0], times[-1]
        # only the spans that can hold a call of this site
        i = max(bisect.bisect_right(spans, first, key=_span_end_key) - 1, 0)
        for start, end in spans[i:]:
            if start is not None and start > last:
                break
            lo = 0 if start is None else bisect.bisect_left(times, start)
            hi = len(times) if end is None else bisect.bisect_left(times, end)
            if lo < hi:
                run = SiteCalls(self.api, self[lo:hi])
                if self.thrown_at:
                    run.thrown_at = [
                        p - lo
                        for p in self.thrown_at[bisect.bisect_left(self.thrown_at, lo) : bisect.bisect_left(self.thrown_at, hi)]
                    ]
                out.append(run)
        return out


def _span_end_key(span: tuple[int | None, int | None]) -> int:
    return _NO_END if span[1] is None else span[1]


_NO_END = 2**63  # later than any device time


class _Index(NamedTuple):
    collected: list[Collected]
    sites: dict[Site, SiteCalls]
    by_hook: dict[str, list[Collected]]
    by_type_actor: dict[tuple[str, Actor], list[Collected]]
    hook_sites: dict[tuple[str, Site], SiteCalls]  # the sites again, each hook's calls apart
    landmarks: list[ObservedEvent]  # events of LANDMARK_HOOKS and UI clicks, in device order


@dataclass(frozen=True)
class PiHit:
    """A PI value found in a flow (the matcher's :class:`Match`: how it was encoded, where, why) and
    which hook events returned it."""

    match: Match
    data_type: str
    events: tuple[int, ...]  # the first (at most MAX_VALUE_EVENTS) hook events that returned the value before the flow
    truth: str = ""  # no such event, but the device gave the value to this command (device ground truth)

    @property
    def value(self) -> PiValue:
        return PiValue(self.match.value_type, self.match.value)

    @property
    def encoding(self) -> str:
        """Decoders undone and how the value was written: ``gzip > protobuf > sha256(value)``."""
        return self.match.encoding

    @property
    def context(self) -> str:
        return self.match.context

    def evidence(self) -> dict[str, str]:
        """What a finding shows of this hit (no raw value: reports redact)."""
        m = self.match
        reason = m.reason
        if self.truth:
            reason += f"; the device's own value ({self.truth}): no hook saw the app collect it"
        elif m.source != "adapter":
            reason += "; a value a hooked API returned on the device"
        out = {"data_type": self.data_type, "encoding": m.encoding, "path": m.path, "reason": reason, "source": m.source}
        if m.adapter:
            out["adapter"] = m.adapter
        if self.truth:
            out["known_from"] = self.truth
        return out


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
        """The hits by data type (sorted); several rules ask for every flow, so it is worked out once
        and kept in the instance (a plain lookup: cached_property's own lookup costs more)."""
        found = self.__dict__.get("_by_type")
        if found is None:
            out: dict[str, list[PiHit]] = defaultdict(list)
            for h in self.hits:
                out[h.data_type].append(h)
            found = self.__dict__["_by_type"] = dict(sorted(out.items()))
        return found


class SentFlows(Sequence[SentFlow]):
    """The flows that carry PI, worked out as the search delivers its results: iterating yields each
    one as soon as its flow is matched, so the first rule to read them does its work while the worker
    processes are still searching, not after them. Every iteration sees them all, in flow order;
    ``len()`` and indexing wait for the whole search."""

    def __init__(self, source: Iterator[SentFlow]) -> None:
        self._items: list[SentFlow] = []
        self._source: Iterator[SentFlow] | None = source
        self._failed: BaseException | None = None

    def _pull(self) -> bool:
        """One more item from the source; False when it is spent. A failure is raised again to every
        later reader (a search that broke off must not look like a shorter list)."""
        if self._failed is not None:
            raise self._failed
        if self._source is None:
            return False
        try:
            item = next(self._source)
        except StopIteration:
            self._source = None
            return False
        except BaseException as e:
            self._failed, self._source = e, None
            raise
        self._items.append(item)
        return True

    def __iter__(self) -> Iterator[SentFlow]:
        if self._source is None and self._failed is None:
            return iter(self._items)  # all there: a plain list iterator
        return self._reading()

    def _reading(self) -> Iterator[SentFlow]:
        i = 0
        while i < len(self._items) or self._pull():
            yield self._items[i]
            i += 1

    def _all(self) -> list[SentFlow]:
        while self._pull():
            pass
        return self._items

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> SentFlow: ...
    @overload
    def __getitem__(self, index: slice) -> list[SentFlow]: ...
    def __getitem__(self, index: int | slice) -> SentFlow | list[SentFlow]:
        return self._all()[index]


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
    adapters: AdapterSet | None = None  # endpoint adapters (None: the built-in ones)
    truth: Sequence[TruthValue] = ()  # identifiers read from the device itself (monitor.device.truth)
    screen_off: Sequence[tuple[int, int | None]] = ()  # (off, on) spans of the device's screen (monitor.screen)
    presorted: bool = False  # events already in (device time, sequence) order, as the store returns them
    match_workers: int | None = None  # processes that search flows for PI (None: one a core, for large runs)

    def __post_init__(self) -> None:
        seq = self.seq_of
        if not self.presorted:
            self.events = sorted(self.events, key=lambda e: (e.ts_ms, seq.get(e.id, 0)))
        self.flows = sorted(self.flows, key=lambda f: f.ts_ms)
        self.timeline = ConsentTimeline(self.consent, seq)
        self._actors: dict[tuple[tuple[str, ...], str], Actor] = {}
        self._callers: dict[tuple[tuple[str, ...], str], str | None] = {}
        self._match_job: MatchJob | None = None

    @property
    def cat(self) -> Catalogue:
        return self.catalogue if self.catalogue is not None else sdk_catalogue()

    def actor(self, ev: ObservedEvent) -> Actor:
        key = (ev.stack, ev.api)
        found = self._actors.get(key)
        if found is None:
            found = self._actors[key] = attribute(ev.stack, self.package, self.cat, ev.api)
        return found

    def caller_at(self, stack: tuple[str, ...], api: str) -> str | None:
        """The class that made a call (skipping the API itself, the framework and transparent libraries)."""
        key = (stack, api)
        if key not in self._callers:
            self._callers[key] = caller_class(stack, api, self.cat)
        return self._callers[key]

    def answered_before(self, a: PermissionAnswer, request: ObservedEvent) -> bool:
        """Whether answer A was known when REQUEST was made. The result hook stamps its time on entry
        but is sequenced on exit, after anything the app's callback did; so in the same millisecond a
        request made from the result callback (its stack says so) follows the answer, and otherwise
        the agent's sequence numbers decide."""
        if a.ts_ms != request.ts_ms or a.run is not None:
            return a.ts_ms < request.ts_ms
        if any(RESULT_CALLBACK in frame for frame in request.stack):
            return True
        return a.event_id is not None and self.seq_of.get(a.event_id, 0) < self.seq_of.get(request.id, 0)

    def state(self, ev: ObservedEvent) -> str:
        return self.timeline.state_at(ev.ts_ms, self.seq_of.get(ev.id))

    @cached_property
    def by_id(self) -> dict[int, ObservedEvent]:
        return {e.id: e for e in self.events}

    @cached_property
    def _index(self) -> _Index:
        """Every PI-collecting event in device order, and its indexes, built in one pass."""
        index = _Index([], {}, defaultdict(list), defaultdict(list), {}, [])
        landmark = index.landmarks.append
        user, package, timeline, seq_of = self.user_data_types, self.package, self.timeline, self.seq_of
        simple = fast_data_types(user)
        points = timeline.points
        next_point, state = 0, "none"
        next_ts = points[0].ts_ms if points else None
        add = index.collected.append
        # (hook, data type, stack, API, consent state) -> what every call from there gets: its actor and
        # the index lists it goes in (an actor's hash is a Python call; a site key hashes 5 fields)
        Append = Callable[[Collected], None]
        targets: dict[
            tuple[str, str, tuple[str, ...], str, str],
            tuple[Actor, SiteCalls, Append, Append, Append, SiteCalls, Append, Callable[[int], None]],
        ] = {}
        new = tuple.__new__  # a Collected without the named tuple's Python-level __new__
        # hook -> (a landmark, its data type if the hook alone says it, whether the call decides it)
        hook_info: dict[str, tuple[bool, str | None, bool]] = {}
        for ev in self.events:
            hook, kind = ev.hook, ev.kind
            info = hook_info.get(hook)
            if info is None:
                info = hook_info[hook] = (hook in LANDMARK_HOOKS, simple.get(hook), depends_on_call(hook))
            if info[0] or kind == "ui:click":
                landmark(ev)
            if kind != "hook:call":
                continue  # no other kind collects anything
            dt = info[1]
            if dt is None:
                if not info[2]:
                    continue  # a hook that never collects (network, lifecycle, UI...)
                dt = data_type(ev, package, user)
                if dt is None:
                    continue
            ts = ev.ts_ms
            # consent state: events are in (device time, sequence) order, so the decisions are walked once
            if next_ts is not None and next_ts <= ts:
                seq = seq_of.get(ev.id)
                while next_point < len(points) and points[next_point].ts_ms <= ts:
                    p = points[next_point]
                    if p.ts_ms == ts and not timeline.tie_applies(p, seq):
                        break
                    state = p.state
                    next_point += 1
                next_ts = points[next_point].ts_ms if next_point < len(points) else None
            key = (hook, dt, ev.stack, ev.api, state)
            target = targets.get(key)
            if target is None:
                actor = self.actor(ev)
                site_key = (dt, actor, state, ev.stack, ev.api)
                site = index.sites.get(site_key)
                if site is None:
                    site = index.sites[site_key] = SiteCalls(ev.api)
                    site._times = []  # kept as the calls come: every call's time, for cutting by spans
                site_times = site._times
                assert site_times is not None
                target = targets[key] = (
                    actor,
                    site,
                    site.append,
                    index.by_hook[ev.hook].append,
                    index.by_type_actor[(dt, actor)].append,
                    hook_site := index.hook_sites.setdefault((ev.hook, site_key), SiteCalls(ev.api)),
                    hook_site.append,
                    site_times.append,
                )
            c = new(Collected, (ev, dt, target[0], state))
            add(c)
            target[2](c)
            target[3](c)
            target[4](c)
            if ev.thrown:
                target[1].thrown_at.append(len(target[1]) - 1)
                target[5].thrown_at.append(len(target[5]))
            target[6](c)
            target[7](ts)
        return index

    @property
    def collected(self) -> list[Collected]:
        """Every PI-collecting event, in device order."""
        return self._index.collected

    @property
    def sites(self) -> dict[Site, SiteCalls]:
        """Collected events by call site: (data type, actor, consent state, stack, API), each in device order.
        Rules that judge the site, not the moment, look at each site once."""
        return self._index.sites

    def collected_by_hook(self, hooks: Iterable[str]) -> list[Collected]:
        """The calls of these hooks, in device order."""
        by_hook = self._index.by_hook
        lists = [calls for calls in (by_hook.get(h) for h in dict.fromkeys(hooks)) if calls]
        if len(lists) == 1:
            return list(lists[0])  # already in device order
        return sorted(itertools.chain.from_iterable(lists), key=_EVENT_TS)

    @property
    def by_type_actor(self) -> dict[tuple[str, Actor], list[Collected]]:
        return self._index.by_type_actor

    def sites_of(self, hooks: Iterable[str]) -> dict[Site, SiteCalls]:
        """The call sites of these hooks' calls (a site's calls of other hooks left out)."""
        wanted = frozenset(hooks)
        out: dict[Site, SiteCalls] = {}
        whole = self._index.sites
        for (hook, site), calls in self._index.hook_sites.items():
            if hook not in wanted:
                continue
            if len(calls) == len(whole[site]):
                calls = whole[site]  # the site's calls are all this hook's: the same list, with its times kept
            if site in out:  # two hooks on one API and stack: their calls merged, in device order
                merged = SiteCalls(calls.api, sorted([*out[site], *calls], key=_EVENT_TS))
                merged.thrown_at = [i for i, c in enumerate(merged) if c.event.thrown]
                out[site] = merged
            else:
                out[site] = calls
        return out

    def unprompted_spans(self, within_ms: int, grace_ms: int = 1000) -> list[tuple[int | None, int | None]]:
        """The device times at which :func:`unprompted` holds, as sorted, disjoint half-open spans
        ``[start, end)`` (end None: to the end of the run): no click in the WITHIN_MS before, or the
        app in the background (for more than GRACE_MS)."""
        prompted: list[tuple[int, int]] = []  # [click, click + within], merged, as half-open spans
        for click in self.clicks:
            if prompted and click <= prompted[-1][1]:
                prompted[-1] = (prompted[-1][0], max(prompted[-1][1], click + within_ms + 1))
            else:
                prompted.append((click, click + within_ms + 1))
        spans: list[tuple[int | None, int | None]] = []  # the complement (None: unbounded)
        edge: int | None = None
        for start, end in prompted:
            spans.append((edge, start))
            edge = end
        spans.append((edge, None))
        # a background moment counts as unprompted however recent the last click was
        background = [(start + grace_ms + 1, end) for start, end in self.background_spans]
        return _union([(start, end) for start, end in spans if start is None or end is None or start < end], background)

    @cached_property
    def collected_times(self) -> list[int]:
        return [c.event.ts_ms for c in self.collected]

    def collected_between(self, start: int, end: int | None) -> list[Collected]:
        """Collected events with start <= ts < end (end None: to the end of the run)."""
        times = self.collected_times
        lo = bisect.bisect_left(times, start)
        hi = len(times) if end is None else bisect.bisect_left(times, end)
        return self.collected[lo:hi]

    def hooked(self, hooks: frozenset[str]) -> list[ObservedEvent]:
        """The events of these hooks, in device order."""
        if hooks <= LANDMARK_HOOKS:
            return self._landmarks_of(hooks)
        return [e for e in self.events if e.hook in hooks]

    def _landmarks_of(self, hooks: Iterable[str], ui_clicks: bool = False) -> list[ObservedEvent]:
        """The landmark events of these hooks (and the ``ui:click`` events, with UI_CLICKS), in device
        order, from the landmarks' positions by hook (no pass over them all: network events are many)."""
        at, clicks_at = self._landmark_positions
        lists = [at[h] for h in dict.fromkeys(hooks) if h in at]
        if ui_clicks and clicks_at:
            lists.append(clicks_at)
        if not lists:
            return []
        marks = self._index.landmarks
        positions = lists[0] if len(lists) == 1 else sorted(set(itertools.chain.from_iterable(lists)))
        return [marks[i] for i in positions]

    @cached_property
    def _landmark_positions(self) -> tuple[dict[str, list[int]], list[int]]:
        """Positions in the landmarks: by hook, and those of ``ui:click`` events."""
        at: dict[str, list[int]] = defaultdict(list)
        clicks_at = []
        for i, ev in enumerate(self._index.landmarks):
            at[ev.hook].append(i)
            if ev.kind == "ui:click":
                clicks_at.append(i)
        return dict(at), clicks_at

    @cached_property
    def clicks(self) -> list[int]:
        """Device times of the user's clicks (views, dialog buttons, checkboxes), ascending."""
        return sorted(e.ts_ms for e in self._landmarks_of(CLICK_HOOKS, ui_clicks=True))

    def last_click_before(self, ts_ms: int) -> int | None:
        i = bisect.bisect_right(self.clicks, ts_ms)
        return self.clicks[i - 1] if i else None

    @cached_property
    def background_spans(self) -> list[tuple[int, int | None]]:
        """(from, to) spans when nobody was using the app (to None: until the end of the run): no
        resumed activity, or the screen off; overlapping spans merged."""
        merged: list[tuple[int, int | None]] = []
        for start, end in sorted([*self._paused_spans, *self.screen_off]):
            if merged and (merged[-1][1] is None or start <= merged[-1][1]):
                last_start, last_end = merged[-1]
                merged[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
            else:
                merged.append((start, end))
        return merged

    def screen_off_since(self, ts_ms: int) -> int | None:
        """When the screen went off, if it was off at TS_MS."""
        for start, end in self.screen_off:
            if start <= ts_ms and (end is None or ts_ms < end):
                return start
        return None

    @cached_property
    def _paused_spans(self) -> list[tuple[int, int | None]]:
        """From an onPause not followed by an onResume until the next onResume. Before the first
        activity resumes the app is starting in the foreground."""
        spans: list[tuple[int, int | None]] = []
        paused_at: int | None = None
        for ev in self._landmarks_of(PAUSE_HOOKS | RESUME_HOOKS):
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
        i = bisect.bisect_left(self._span_starts, ts_ms - grace_ms) - 1  # the last span started before ts - grace
        if i < 0:
            return None
        start, end = self.background_spans[i]
        return start if end is None or ts_ms < end else None

    @cached_property
    def _span_starts(self) -> list[int]:
        return [start for start, _ in self.background_spans]

    @cached_property
    def permission_requests(self) -> list[PermissionRequest]:
        out = []
        for ev in self._landmarks_of(PERMISSION_REQUEST_HOOKS):
            names = tuple(_string_array(ev.args[0] if ev.args else ""))
            out.append(PermissionRequest(ev, names, self.actor(ev), self.state(ev)))
        return out

    @cached_property
    def permission_answers(self) -> list[PermissionAnswer]:
        """This run's permission results (dispatchRequestPermissionsResult(code, String[], int[]))."""
        return [a for ev in self._landmarks_of(PERMISSION_RESULT_HOOKS) for a in permission_answers(ev.ts_ms, ev.args, ev.id)]

    @cached_property
    def sent(self) -> SentFlows:
        """Flows that carry PI: values the app collected before the flow started, in any encoding the
        matcher knows, and fields that an endpoint adapter names; each joined to the call site that
        opened its connection. In flow order, each one as soon as its flow is searched (see
        :class:`SentFlows`)."""
        return SentFlows(self._sent_flows() if self.flows else iter(()))

    def _sent_flows(self) -> Iterator[SentFlow]:
        seen_ts, seen_ids = self._value_events
        truth = self._truth
        job = self.start_matching()
        connections = self._connections()
        recipients: dict[str, Recipient] = {}
        for flow, matches in zip(self._apps_flows, job.iter_results(), strict=True):  # chunk by chunk, as matched
            hits = []
            for m in matches:
                key = (m.value_type, m.value)
                events: tuple[int, ...] = ()
                source = ""
                if m.source != "adapter":
                    known = bisect.bisect_right(seen_ts.get(key, ()), flow.ts_ms)
                    if known:
                        events = tuple(seen_ids[key][: min(known, MAX_VALUE_EVENTS)])
                    elif key in truth:
                        source = truth[key]  # the device's own value: sent, whether or not a hook saw it read
                    else:
                        continue  # the value was returned only after the flow: not evidence of sending it
                hits.append(PiHit(m, VALUE_DATA_TYPES[m.value_type], events, source))
            if not hits:
                continue
            actor, connection = self._flow_actor(flow, connections)
            recipient = recipients.get(flow.host)
            if recipient is None:
                recipient = recipients[flow.host] = self.cat.recipient(flow.host, self.package)
            yield SentFlow(flow, actor, connection, recipient, self.timeline.state_at(flow.ts_ms), tuple(hits))

    def start_matching(self) -> MatchJob:
        """Start searching the app's flows for PI (in worker processes, for a large run), so that the
        caller can derive the rest of the view meanwhile; :attr:`sent` collects the result."""
        if self._match_job is None:
            requests = [(f.url, f.headers, f.body, "ws" if f.method == "WEBSOCKET" else "body") for f in self._apps_flows]
            adapters = self.adapters if self.adapters is not None else default_adapters()
            self._match_job = MatchJob(  # the values are gathered (a pass over every event) while the workers boot
                lambda: [PiValue(t, v) for t, v in self._value_events[0].keys() | self._truth.keys()],
                adapters,
                requests,
                workers=self.match_workers,
            )
        return self._match_job

    def close(self) -> None:
        """Release the flow-matching workers if nothing collected their result."""
        if self._match_job is not None:
            self._match_job.close()

    @cached_property
    def _apps_flows(self) -> list[ObservedFlow]:
        """The flows analysed: not another app's or the OS's traffic (or the baseline's)."""
        return [f for f in self.flows if f.the_apps]

    @cached_property
    def _value_events(self) -> tuple[dict[tuple[ValueType, str], list[int]], dict[tuple[ValueType, str], list[int]]]:
        """Each PI value the hooks returned (as a plain tuple: cheap to hash) -> the device times it was
        returned, ascending, and the events that returned it."""
        seen: dict[tuple[ValueType, str], tuple[list[int], list[int]]] = {}
        for ev in self.events:
            for v in ev.values:
                key = (v.type, v.value)
                found = seen.get(key)
                if found is None:
                    found = seen[key] = ([], [])
                found[0].append(ev.ts_ms)
                found[1].append(ev.id)
        return {k: ts for k, (ts, _) in seen.items()}, {k: ids for k, (_, ids) in seen.items()}

    @cached_property
    def _truth(self) -> dict[tuple[ValueType, str], str]:
        return {(t.type, t.value): t.source for t in self.truth}

    def _connections(self) -> dict[tuple[str, str], tuple[list[int], list[ObservedEvent]]]:
        """Connections by (host, path): their device times (ascending) and events."""
        by_key: dict[tuple[str, str], tuple[list[int], list[ObservedEvent]]] = {}
        for ev in self._landmarks_of(NETWORK_HOOKS):
            if ev.target:
                key = flow_key(ev.target)
                opened = by_key.get(key)
                if opened is None:
                    opened = by_key[key] = ([], [])
                opened[0].append(ev.ts_ms)
                opened[1].append(ev)
        return by_key

    def _flow_actor(
        self, flow: ObservedFlow, connections: dict[tuple[str, str], tuple[list[int], list[ObservedEvent]]]
    ) -> tuple[Actor, int | None]:
        """The latest connection opened to the flow's host and path at or before the flow."""
        times, events = connections.get(flow_key(flow.url), ([], []))
        i = bisect.bisect_right(times, flow.ts_ms)
        if not i:
            return Actor(kind="unknown", name=f"unattributed ({flow.host})", prefix=""), None
        ev = events[i - 1]
        return self.actor(ev), ev.id


def _union(
    a: Sequence[tuple[int | None, int | None]], b: Sequence[tuple[int | None, int | None]]
) -> list[tuple[int | None, int | None]]:
    """Two lists of half-open spans as one sorted, disjoint list (None: unbounded)."""
    low = float("-inf")
    ordered = sorted([*a, *b], key=lambda span: low if span[0] is None else span[0])
    out: list[tuple[int | None, int | None]] = []
    for start, end in ordered:
        if end is not None and start is not None and end <= start:
            continue
        if out:
            last_start, last_end = out[-1]
            if last_end is None:
                break  # the last span runs to the end: it holds everything after it
            if start is None or start <= last_end:
                out[-1] = (last_start, None if end is None else max(last_end, end))
                continue
        out.append((start, end))
    return out


@lru_cache(maxsize=16_384)  # a run's connections and flows go to few distinct URLs
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
