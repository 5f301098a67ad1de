from __future__ import annotations

from monitor.analysis.rules import bundled_permission_request
from tests.monitor.analysis.rules.factories import hits, request, view


def test_several_groups_in_one_request() -> None:
    [hit] = hits(bundled_permission_request, view([request(1, 10, "CAMERA", "RECORD_AUDIO", "ACCESS_FINE_LOCATION")]))
    assert hit.evidence["groups"] == ["camera", "location", "microphone"]


def test_one_group_is_not_a_bundle() -> None:
    assert hits(bundled_permission_request, view([request(1, 10, "ACCESS_FINE_LOCATION", "ACCESS_COARSE_LOCATION")])) == []
    assert hits(bundled_permission_request, view([request(1, 10, "CAMERA", "RECORD_AUDIO")]), max_groups=2) == []
