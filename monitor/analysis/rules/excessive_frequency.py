"""``excessive-frequency``: one actor read the same type of personal information more than
``max_calls`` times within ``window_s`` seconds (a sliding window over device time). Reads of one
``Location`` object's coordinates count once (they are one fix); denied attempts count (the app
tried). One finding per data type and actor, with its densest window.

Defaults: 164号 一、1 names "超频次" collection and MIIT notices cite reads "every 30 s" and "every
2 s" as violations, but no official number exists: the default (more than 3 reads in 60 s) flags a
30-s polling loop within two minutes of observation. Tune per app type."""

from __future__ import annotations

from collections.abc import Iterator

from monitor.analysis.clauses import G41391_6_1, R164_1_1, R191_4_4
from monitor.analysis.datatypes import label
from monitor.analysis.ruleapi import Hit, Param, Params, Rule, Severity
from monitor.analysis.rules._shared import actor_evidence, group
from monitor.analysis.view import Collected, RunView

SAME_FIX_HOOKS = frozenset({"location.Location.getLatitude", "location.Location.getLongitude"})


def _reads(calls: list[Collected]) -> list[Collected]:
    """One entry per read: coordinate getters on the same Location object are one read."""
    seen: set[str] = set()
    out = []
    for c in calls:
        ev = c.event
        if ev.hook in SAME_FIX_HOOKS and ev.target:
            if ev.target in seen:
                continue
            seen.add(ev.target)
        out.append(c)
    return out


def densest(times: list[int], window_ms: int) -> tuple[int, int]:
    """(start index, count) of the window of WINDOW_MS holding the most of the sorted TIMES."""
    best, best_start, lo = 0, 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= window_ms:
            lo += 1
        if hi - lo + 1 > best:
            best, best_start = hi - lo + 1, lo
    return best_start, best


def check(view: RunView, params: Params) -> Iterator[Hit]:
    window_ms = int(float(params["window_s"]) * 1000)
    limit = int(params["max_calls"])
    for (dt, actor), calls in group(view.collected, lambda c: (c.data_type, c.actor)).items():
        reads = _reads(calls)
        if len(reads) <= limit:
            continue
        times = [c.event.ts_ms for c in reads]
        start, count = densest(times, window_ms)
        if count <= limit:
            continue
        in_window = reads[start : start + count]
        span_s = (times[start + count - 1] - times[start]) / 1000
        summary = (
            f"{actor.name} read {label(dt)} {count} times in {span_s:.1f} s "
            f"(more than {limit} in {params['window_s']} s; {len(reads)} reads in the run)"
        )
        evidence = {
            "events": [c.event.id for c in in_window],
            "count_in_window": count,
            "window_s": params["window_s"],
            "max_calls": limit,
            "reads_in_run": len(reads),
            "apis": sorted({c.event.api for c in reads}),
            "stack": list(in_window[0].event.stack),
        }
        evidence.update(actor_evidence(actor))
        yield Hit(dt, actor, in_window[0].event.ts_ms, summary, evidence)


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
