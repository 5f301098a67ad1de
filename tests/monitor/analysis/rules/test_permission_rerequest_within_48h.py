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


def test_same_millisecond_requests_made_from_the_result_callback_follow_the_answer() -> None:
    from monitor.analysis.view import RunView
    from tests.monitor.analysis.rules.factories import APP, ev

    # The result hook is stamped on entry but sequenced on exit: the request its callback makes has the
    # same millisecond and a lower sequence number (as recorded on the sandbox).
    callback = (
        "android.app.Activity.requestPermissions(Native Method)",
        "com.example.app.Main.onRequestPermissionsResult(Main.java:9)",
    )
    again = ev(
        6, 200, "permission.request", "android.app.Activity.requestPermissions", ("[android.permission.CAMERA]", "7"), callback
    )
    events = [request(3, 100, "CAMERA"), again, result(7, 200, "CAMERA", False)]
    v = RunView(events=events, flows=[], consent=[], package=APP, seq_of={3: 3, 6: 6, 7: 7})
    [hit] = hits(permission_rerequest_within_48h, v)
    assert hit.evidence["events"] == [6]
    # a request in the same millisecond as an answer, not from its callback, is ordered by sequence number
    plain = [request(3, 100, "CAMERA"), result(6, 200, "CAMERA", False), request(7, 200, "CAMERA")]
    assert (
        len(
            hits(
                permission_rerequest_within_48h,
                RunView(events=plain, flows=[], consent=[], package=APP, seq_of={3: 3, 6: 6, 7: 7}),
            )
        )
        == 1
    )
    first = [request(3, 200, "CAMERA"), result(6, 200, "CAMERA", False)]  # answered at once, no dialog
    assert (
        hits(permission_rerequest_within_48h, RunView(events=first, flows=[], consent=[], package=APP, seq_of={3: 3, 6: 6})) == []
    )


def test_an_answer_in_the_same_millisecond_but_after_the_request_is_passed_over() -> None:
    from monitor.analysis.view import RunView
    from tests.monitor.analysis.rules.factories import APP

    # denied at 150; at 200 the app asks again and the grant that follows it (sequence 4) is not yet known
    events = [
        request(1, 100, "CAMERA"),
        result(2, 150, "CAMERA", False),
        request(3, 200, "CAMERA"),
        result(4, 200, "CAMERA", True),
    ]
    v = RunView(events=events, flows=[], consent=[], package=APP, seq_of={1: 1, 2: 2, 3: 3, 4: 4})
    [hit] = hits(permission_rerequest_within_48h, v)
    assert hit.evidence["events"] == [3] and hit.evidence["denial_event"] == 2
