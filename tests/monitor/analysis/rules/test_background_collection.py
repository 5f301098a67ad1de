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
