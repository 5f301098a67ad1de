"""beyond-declared-scope, undeclared-sdk, sdk-data-beyond-declared and undeclared-recipient."""

from __future__ import annotations

from monitor.analysis.rules import beyond_declared_scope, sdk_data_beyond_declared, undeclared_recipient, undeclared_sdk
from tests.monitor.analysis.rules.factories import IMEI, UMENG_STACK, flow, hits, imei, oaid, request, view

SCOPE = """
[collect.oaid]
purpose = "analytics"

[collect.location]
purpose = "nearby"
precision = "coarse"

[[sdk]]
name = "Umeng"
prefixes = ["com.umeng"]
collects = ["oaid"]
recipients = ["umeng.com"]

[domains]
first_party = ["example.com"]
"""


def test_types_outside_the_collection_list() -> None:
    v = view([imei(1, 10), oaid(2, 20)], scope=SCOPE)
    assert [h.data_type for h in hits(beyond_declared_scope, v)] == ["imei"]


def test_precise_location_where_coarse_is_declared() -> None:
    [hit] = hits(beyond_declared_scope, view([request(1, 10, "ACCESS_FINE_LOCATION")], scope=SCOPE))
    assert hit.data_type == "location" and "coarse" in hit.summary


def test_sdk_not_in_the_sharing_list() -> None:
    stack = ("com.tencent.bugly.crashreport.Collector.run(Collector.java:1)",)
    [hit] = hits(undeclared_sdk, view([oaid(1, 10, stack), oaid(2, 20, UMENG_STACK)], scope=SCOPE))
    assert (hit.actor.name, hit.evidence["events"], hit.evidence["data_types"]) == ("Tencent Bugly", [1], ["oaid"])


def test_declared_sdk_collecting_more_than_declared() -> None:
    [hit] = hits(sdk_data_beyond_declared, view([oaid(1, 10, UMENG_STACK), imei(2, 20, UMENG_STACK)], scope=SCOPE))
    assert hit.data_type == "imei" and hit.evidence["declared"] == ["oaid"]


def test_recipients_outside_the_declared_domains() -> None:
    flows = [
        flow(1, 100, IMEI.encode(), "https://api.example.com/a"),
        flow(2, 110, IMEI.encode(), "https://alog.umeng.com/b"),
        flow(3, 120, IMEI.encode(), "https://track.adx.cn/c"),
    ]
    [hit] = hits(undeclared_recipient, view([imei(1, 10)], flows, scope=SCOPE))
    assert hit.evidence["host"] == "track.adx.cn"


def test_scope_rules_do_nothing_without_a_manifest() -> None:
    v = view([imei(1, 10)], [flow(1, 100, IMEI.encode(), "https://x.cn/")])
    for module in (beyond_declared_scope, undeclared_sdk, sdk_data_beyond_declared, undeclared_recipient):
        assert hits(module, v) == []
