from __future__ import annotations

from monitor.analysis.rules import excessive_frequency
from monitor.events import PiValue, ValueType
from tests.monitor.analysis.rules.factories import AGREED, ev, hits, imei, view


def test_more_than_max_calls_in_one_window_is_flagged_with_that_window() -> None:
    events = [imei(i, i * 10_000) for i in range(1, 6)]  # 5 reads, 10 s apart: 5 within 60 s
    [hit] = hits(excessive_frequency, view(events, consent=[AGREED]))
    assert hit.data_type == "imei" and hit.evidence["count_in_window"] == 5 and hit.evidence["events"] == [1, 2, 3, 4, 5]


def test_reads_spread_out_stay_under_the_threshold() -> None:
    events = [imei(i, i * 30_000) for i in range(1, 6)]  # one every 30 s: at most 2 per 60 s... window is half-open
    assert hits(excessive_frequency, view(events)) == []
    assert len(hits(excessive_frequency, view(events), window_s=120, max_calls=3)) == 1


def test_the_limit_itself_is_allowed() -> None:
    assert hits(excessive_frequency, view([imei(i, i) for i in range(1, 4)])) == []
    assert len(hits(excessive_frequency, view([imei(i, i) for i in range(1, 5)]))) == 1


def test_coordinates_of_one_location_object_count_once() -> None:
    fix = (PiValue(ValueType.GEO, "39.9,116.4"),)
    events = []
    for i in range(1, 5):
        for j, getter in enumerate(("getLatitude", "getLongitude")):
            events.append(ev(i * 10 + j, i * 100 + j, f"location.Location.{getter}", target="Location@1", values=fix))
    assert hits(excessive_frequency, view(events)) == []
    events.append(ev(99, 500, "location.Location.getLatitude", target="Location@2", values=fix))
    events.append(ev(98, 510, "location.Location.getLatitude", target="Location@3", values=fix))
    events.append(ev(97, 520, "location.Location.getLatitude", target="Location@4", values=fix))
    [hit] = hits(excessive_frequency, view(events))
    assert hit.evidence["count_in_window"] == 4 and hit.evidence["calls_in_run"] == 11


def test_the_first_window_over_the_threshold_is_reported() -> None:
    quiet = [imei(i, i * 40_000) for i in range(1, 4)]  # one read every 40 s
    burst = [imei(10 + i, 200_000 + i * 1000) for i in range(6)]  # then six in 5 s
    [hit] = hits(excessive_frequency, view(quiet + burst))
    assert hit.evidence["events"] == [10, 11, 12, 13, 14, 15] and hit.ts_ms == 200_000
