from __future__ import annotations

from monitor.analysis.rules import permission_rerequest_within_48h
from monitor.analysis.view import PermissionAnswer
from tests.monitor.analysis.rules.factories import hits, request, result, view

H = 3_600_000
CAMERA = "android.permission.CAMERA"


def test_asking_again_in_the_same_run_after_a_denial() -> None:
    events = [request(1, 100, "CAMERA"), result(2, 200, "CAMERA", False), request(3, 300, "CAMERA")]
    [hit] = hits(permission_rerequest_within_48h, view(events))
    assert hit.evidence["events"] == [3] and hit.evidence["denied_in_run"] is None


def test_no_finding_after_a_grant_or_for_another_permission() -> None:
    events = [
        request(1, 100, "CAMERA"),
        result(2, 200, "CAMERA", True),
        request(3, 300, "CAMERA"),
        request(4, 400, "RECORD_AUDIO"),
    ]
    assert hits(permission_rerequest_within_48h, view(events)) == []


def test_boundary_against_an_earlier_run_with_an_injected_clock() -> None:
    denied = PermissionAnswer(1_000 * H, CAMERA, False, 7, "run-a")
    just_inside = view([request(1, 1_000 * H + 48 * H - 1, "CAMERA")], history=[denied])
    at_48h = view([request(1, 1_000 * H + 48 * H, "CAMERA")], history=[denied])
    [hit] = hits(permission_rerequest_within_48h, just_inside)
    assert hit.evidence["denied_in_run"] == "run-a" and "run run-a" in hit.summary
    assert hits(permission_rerequest_within_48h, at_48h) == []
    assert len(hits(permission_rerequest_within_48h, at_48h, hours=49)) == 1


def test_a_request_made_in_the_result_callback_in_the_same_millisecond() -> None:
    from monitor.analysis.view import RunView
    from tests.monitor.analysis.rules.factories import APP

    # the result's hook fires on entry (seq 2), the callback asks again (seq 3), all in one millisecond
    events = [request(1, 100, "CAMERA"), result(2, 200, "CAMERA", False), request(3, 200, "CAMERA")]
    v = RunView(events=events, flows=[], consent=[], package=APP, seq_of={1: 1, 2: 2, 3: 3})
    [hit] = hits(permission_rerequest_within_48h, v)
    assert hit.evidence["events"] == [3]
