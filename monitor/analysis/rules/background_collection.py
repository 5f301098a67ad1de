"""``background-collection``: personal information collected while nobody was using the app: it had
no activity in the foreground (after an ``Activity.onPause`` that no ``onResume`` followed), or the
device's screen was off (privmon's ``--screen-off`` test, or the tester's own power key, seen in the
device's power state). Collections in the first ``grace_ms`` are not counted (a switch between two
activities pauses one a moment before resuming the other). One finding per data type and actor; its
evidence says since when the app was in the background and, if the screen was off, since when."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from monitor.analysis.clauses import PIPL_6, R164_1_1
from monitor.analysis.ruleapi import Hit, Param, Params, Rule, Severity
from monitor.analysis.rules._shared import collection_hits, group_sites, type_actor
from monitor.analysis.view import RunView


def check(view: RunView, params: Params) -> Iterator[Hit]:
    grace = int(params["grace_ms"])

    spans: list[tuple[int | None, int | None]] = [(start + grace + 1, end) for start, end in view.background_spans]
    groups = group_sites(view, type_actor, spans=spans)
    for hit in collection_hits(
        groups,
        lambda actor, what, _n: f"{actor.name} collected {what} while the app was in the background",
    ):
        hit.evidence["background_since_ms"] = view.background_since(hit.ts_ms, grace)
        screen_off = view.screen_off_since(hit.ts_ms)
        if screen_off is not None:
            hit.evidence["screen_off_since_ms"] = screen_off
            hit = replace(hit, summary=hit.summary + "; the screen was off")
        yield hit


RULE = Rule(
    id="background-collection",
    title="Personal information collected while the app was in the background",
    severity=Severity.HIGH,
    clauses=(R164_1_1, PIPL_6),
    check=check,
    doc=__doc__ or "",
    params={"grace_ms": Param(1000, "time after onPause before the app counts as in the background (activity switches)")},
)
