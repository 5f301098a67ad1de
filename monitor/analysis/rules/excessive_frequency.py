"""``excessive-frequency``: one actor read the same type of personal information more than
``max_calls`` times within ``window_s`` seconds (a sliding window over device time). Reads of one
``Location`` object's coordinates count once (they are one fix); denied attempts count (the app
tried). One finding per data type and actor, with the first window over the threshold.

Defaults: 164号 一、1 names "超频次" collection and MIIT notices cite reads "every 30 s" and "every
2 s" as violations, but no official number exists: the default (more than 3 reads in 60 s) flags a
30-s polling loop within two minutes of observation. Tune per app type."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_1, R164_1_1, R191_4_4
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Hit, Param, Params, Rule, Severity
from monitor.analysis.rules._shared import MAX_EVIDENCE_EVENTS, actor_evidence
from monitor.analysis.view import Collected, RunView

SAME_FIX_HOOKS = frozenset({"location.Location.getLatitude", "location.Location.getLongitude"})


def _reads(calls: list[Collected]) -> Iterator[Collected]:
    """One entry per read: coordinate getters on the same Location object are one read."""
    seen: set[str] = set()
    for c in calls:
        ev = c.event
        if ev.hook in SAME_FIX_HOOKS and ev.target:
            if ev.target in seen:
                continue
            seen.add(ev.target)
        yield c


def first_window_over(calls: list[Collected], window_ms: int, limit: int) -> list[Collected]:
    """The reads of the first window of WINDOW_MS that holds more than LIMIT of them (the window
    starts at a read and takes every read within WINDOW_MS of it); [] when no window does. Stops
    reading once that window is complete, so a long run costs only as much as its first burst."""
    window: list[Collected] = []
    over = False
    for c in _reads(calls):
        t = c.event.ts_ms
        if over:
            if t - window[0].event.ts_ms >= window_ms:
                break
            window.append(c)
            continue
        window.append(c)
        while t - window[0].event.ts_ms >= window_ms:
            window.pop(0)
        over = len(window) > limit
    return window if over else []


def check(view: RunView, params: Params) -> Iterator[Hit]:
    window_ms = int(float(params["window_s"]) * 1000)
    limit = int(params["max_calls"])
    for (dt, actor), calls in view.by_type_actor.items():
        if len(calls) <= limit:
            continue
        window = first_window_over(calls, window_ms, limit)
        if not window:
            continue
        count = len(window)
        span_s = (window[-1].event.ts_ms - window[0].event.ts_ms) / 1000
        summary = (
            f"{actor.name} read {label(dt)} {count} times in {span_s:.1f} s "
            f"(more than {limit} in {params['window_s']} s; {len(calls)} calls in the run)"
        )
        evidence = {
            "events": [c.event.id for c in window[:MAX_EVIDENCE_EVENTS]],
            "count_in_window": count,
            "window_s": params["window_s"],
            "max_calls": limit,
            "calls_in_run": len(calls),
            "apis": sorted({c.event.api for c in window}),
            "stack": list(window[0].event.stack),
        }
        evidence.update(actor_evidence(actor))
        yield Hit(dt, actor, window[0].event.ts_ms, summary, evidence)


RULE = Rule(
    id="excessive-frequency",
    title="The same personal information read more often than the business needs",
    severity=Severity.MEDIUM,
    clauses=(R191_4_4, R164_1_1, G41391_6_1),
    check=check,
    doc=__doc__ or "",
    params={
        "window_s": Param(60, "the sliding window, in seconds"),
        "max_calls": Param(3, "reads allowed per actor and data type within one window"),
    },
)
