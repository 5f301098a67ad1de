from __future__ import annotations

from monitor.analysis.rules import forced_permission
from tests.monitor.analysis.rules.factories import ev, hits, lifecycle, request, result, view


def test_exit_soon_after_a_denial() -> None:
    events = [
        request(1, 100, "CAMERA"),
        result(2, 200, "CAMERA", False),
        ev(3, 700, "lifecycle.Runtime.exit", "java.lang.Runtime.exit"),
    ]
    [hit] = hits(forced_permission, view(events))
    assert hit.evidence["how"] == "exit" and "500 ms" in hit.summary


def test_a_finish_followed_by_another_activity_is_navigation_not_an_exit() -> None:
    events = [
        result(2, 200, "CAMERA", False),
        ev(3, 300, "lifecycle.Activity.finish", "android.app.Activity.finish"),
        lifecycle(4, 350, "onResume"),
    ]
    assert hits(forced_permission, view(events)) == []


def test_a_dialog_loop() -> None:
    events = [request(1, 100, "CAMERA"), result(2, 200, "CAMERA", False), request(3, 300, "CAMERA")]
    assert hits(forced_permission, view(events)) == []  # asked once more: the 48-h rule's business
    events += [result(4, 400, "CAMERA", False), request(5, 500, "CAMERA")]
    [hit] = hits(forced_permission, view(events))
    assert hit.evidence == {"events": [3, 5], "permission": "android.permission.CAMERA", "denials": 2, "how": "loop"}
