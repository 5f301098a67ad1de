from __future__ import annotations

from monitor.analysis.rules import background_collection
from tests.monitor.analysis.rules.factories import hits, imei, lifecycle, view


def test_collection_after_pause_without_resume_is_background() -> None:
    events = [lifecycle(1, 100, "onResume"), lifecycle(2, 1000, "onPause"), imei(3, 2500)]
    [hit] = hits(background_collection, view(events))
    assert hit.evidence["background_since_ms"] == 1000 and hit.evidence["events"] == [3]


def test_activity_switch_and_foreground_collection_are_not() -> None:
    events = [
        lifecycle(1, 100, "onResume"),
        imei(2, 200),
        lifecycle(3, 1000, "onPause"),
        imei(4, 1010),  # within the grace period of a switch
        lifecycle(5, 1020, "onResume"),
        imei(6, 5000),
    ]
    assert hits(background_collection, view(events)) == []


def test_grace_period_is_a_threshold() -> None:
    events = [lifecycle(1, 100, "onResume"), lifecycle(2, 1000, "onPause"), imei(3, 1300)]
    assert hits(background_collection, view(events)) == []
    assert len(hits(background_collection, view(events), grace_ms=100)) == 1


def test_collection_with_the_screen_off_is_background_even_with_an_activity_resumed() -> None:
    # no pause was seen (an app with no activity lifecycle of its own, say): the screen alone decides
    events = [lifecycle(1, 100, "onResume"), imei(2, 500), imei(3, 4000), imei(4, 9000)]
    [hit] = hits(background_collection, view(events, screen_off=[(2000, 6000)]))
    assert hit.evidence["events"] == [3] and hit.evidence["screen_off_since_ms"] == 2000
    assert hit.evidence["background_since_ms"] == 2000 and hit.summary.endswith("; the screen was off")


def test_screen_off_still_off_at_the_end_and_overlapping_a_pause() -> None:
    events = [lifecycle(1, 100, "onResume"), lifecycle(2, 1000, "onPause"), imei(3, 2500), imei(4, 8000)]
    v = view(events, screen_off=[(2000, 3000), (3000, 5000), (7000, None)])
    assert v.background_spans == [(1000, None)]
    [hit] = hits(background_collection, v)
    # both calls were in the background (paused); the screen was off at the first one, and the finding says since when
    assert hit.evidence["events"] == [3, 4] and "screen_off_since_ms" in hit.evidence
    assert v.screen_off_since(2500) == 2000 and v.screen_off_since(6000) is None and v.screen_off_since(9000) == 7000


def test_screen_off_spans_merge_with_pauses_only_where_they_overlap() -> None:
    events = [lifecycle(1, 100, "onResume"), lifecycle(2, 1000, "onPause"), lifecycle(3, 1500, "onResume")]
    v = view(events, screen_off=[(1200, 1400), (3000, 4000)])
    assert v.background_spans == [(1000, 1500), (3000, 4000)]
