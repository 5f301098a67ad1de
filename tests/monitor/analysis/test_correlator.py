from __future__ import annotations

import base64
import hashlib
import json

from monitor.analysis.correlator import ConsentTimeline, correlate
from monitor.analysis.model import ConsentPoint, ObservedEvent, ObservedFlow
from monitor.events import PiValue, ValueType

APP = "com.example.app"
SDK_STACK = ("android.telephony.TelephonyManager.getDeviceId(Native Method)", "com.umeng.analytics.C.collect(C.java:1)")
APP_STACK = ("android.telephony.TelephonyManager.getImei(Native Method)", "com.example.app.Main.go(Main.java:1)")
IMEI = "356938035643809"


def imei_event(id: int, ts: int, stack: tuple[str, ...] = SDK_STACK, thrown: str | None = None) -> ObservedEvent:
    return ObservedEvent(
        id=id,
        ts_ms=ts,
        kind="hook:call",
        hook="telephony.getDeviceId",
        category="identifiers",
        api="android.telephony.TelephonyManager.getDeviceId",
        values=(PiValue(ValueType.IMEI, IMEI),) if not thrown else (),
        stack=stack,
        thrown=thrown,
    )


def net_event(id: int, ts: int, url: str, stack: tuple[str, ...] = SDK_STACK) -> ObservedEvent:
    return ObservedEvent(
        id=id,
        ts_ms=ts,
        kind="hook:call",
        hook="net.URL.openConnection",
        category="network",
        api="java.net.URL.openConnection",
        target=url,
        stack=stack,
    )


def flow(id: int, ts: int, body: bytes, url: str = "https://alog.umeng.com/app_logs") -> ObservedFlow:
    return ObservedFlow(id=id, ts_ms=ts, method="POST", url=url, host="alog.umeng.com", body=body)


def test_collection_before_consent_grouped_per_type_and_actor() -> None:
    events = [imei_event(1, 100), imei_event(2, 150), imei_event(3, 300)]
    findings = correlate(events, [], [ConsentPoint(200, "granted", "ui-click", 99)], APP)
    assert len(findings) == 1
    f = findings[0]
    assert (f.rule, f.data_type, f.actor.kind, f.rel_ms) == ("collection-before-consent", "imei", "sdk", -100)
    assert f.evidence["events"] == [1, 2]
    assert any("191" in c["source"] for c in f.clauses)


def test_no_consent_at_all_flags_everything_and_has_no_relative_time() -> None:
    findings = correlate([imei_event(1, 100)], [], [], APP)
    assert [(f.rule, f.rel_ms) for f in findings] == [("collection-before-consent", None)]


def test_refusal_splits_before_and_after() -> None:
    events = [imei_event(1, 100, APP_STACK), imei_event(2, 300, APP_STACK)]
    findings = correlate(events, [], [ConsentPoint(200, "refused", "ui-click")], APP)
    assert sorted((f.rule, f.evidence["events"][0]) for f in findings) == [
        ("collection-after-refusal", 2),
        ("collection-before-consent", 1),
    ]


def test_same_millisecond_tie_broken_by_agent_sequence() -> None:
    before, after = imei_event(1, 200), imei_event(3, 200)
    seq_of = {1: 10, 2: 11, 3: 12}  # the click (event 2) is seq 11
    findings = correlate([before, after], [], [ConsentPoint(200, "granted", "ui-click", 2)], APP, seq_of=seq_of)
    assert [f.evidence["events"] for f in findings] == [[1]]
    timeline = ConsentTimeline([ConsentPoint(200, "granted", "ui-click", 2)], seq_of)
    assert timeline.state_at(200, 10) == "none" and timeline.state_at(200, 12) == "granted"


def test_denied_attempts_are_reported() -> None:
    findings = correlate([imei_event(1, 100, thrown="java.lang.SecurityException: no")], [], [], APP)
    assert findings[0].evidence["denied_attempts"] == 1 and "denied" in findings[0].summary


def test_transmission_before_consent_with_encodings_and_sdk_attribution() -> None:
    body = json.dumps(
        {"imei_md5": hashlib.md5(IMEI.encode()).hexdigest(), "loc": base64.b64encode(b"39.9,116.4").decode()}
    ).encode()
    events = [imei_event(1, 100), net_event(2, 110, "https://alog.umeng.com/app_logs")]
    findings = correlate(events, [flow(7, 120, body)], [ConsentPoint(500, "granted", "ui-click")], APP)
    tx = [f for f in findings if f.rule == "transmission-before-consent"]
    assert len(tx) == 1
    assert tx[0].evidence["encodings"] == ["json > md5(value)"] and tx[0].evidence["flow"] == 7
    assert tx[0].actor.kind == "sdk" and tx[0].evidence["connection_event"] == 2 and tx[0].rel_ms == -380


def test_flow_after_consent_or_value_learned_later_is_not_flagged() -> None:
    body = IMEI.encode()
    assert not [
        f
        for f in correlate([imei_event(1, 100)], [flow(7, 600, body)], [ConsentPoint(500, "granted", "x")], APP)
        if f.rule == "transmission-before-consent"
    ]
    # the value was only read after the flow: the flow cannot be matched against it
    assert not [
        f for f in correlate([imei_event(1, 300)], [flow(7, 200, body)], [], APP) if f.rule == "transmission-before-consent"
    ]


def test_unattributed_flow() -> None:
    findings = correlate([imei_event(1, 100)], [flow(7, 120, IMEI.encode())], [], APP)
    tx = [f for f in findings if f.rule == "transmission-before-consent"]
    assert tx[0].actor.kind == "unknown" and "alog.umeng.com" in tx[0].actor.name
