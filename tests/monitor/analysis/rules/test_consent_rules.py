"""Rules about the consent step: the dialogs, the app after a refusal, permissions, and the SDK consent calls."""

from __future__ import annotations

from typing import Any

from monitor.analysis.correlator import correlate
from monitor.analysis.model import ConsentPoint, ConsentSession, ObservedEvent
from monitor.events import PiValue, ValueType

APP = "com.example.app"
AMAP_STACK = (
    "android.location.LocationManager.getLastKnownLocation(Native Method)",
    "com.amap.api.location.AMapLocationClient.startLocation(AMapLocationClient.java:20)",
)
APP_STACK = ("com.example.app.Main.onClick(Main.java:3)",)


def event(
    id: int, ts: int, hook: str, api: str, args: tuple[str, ...] = (), stack: tuple[str, ...] = APP_STACK, **kw: Any
) -> ObservedEvent:
    category = hook.split(".", 1)[0]
    return ObservedEvent(id=id, ts_ms=ts, kind="hook:call", hook=hook, category=category, api=api, args=args, stack=stack, **kw)


def amap_location(id: int, ts: int) -> ObservedEvent:
    return event(
        id,
        ts,
        "location.getLastKnownLocation",
        "android.location.LocationManager.getLastKnownLocation",
        ("network",),
        AMAP_STACK,
        values=(PiValue(ValueType.GEO, "39.9,116.4"),),
    )


def amap_agree(id: int, ts: int, answer: str = "true") -> ObservedEvent:
    return event(
        id,
        ts,
        "consent.amap.location.updatePrivacyAgree",
        "com.amap.api.location.AMapLocationClient.updatePrivacyAgree",
        ("ctx", answer),
    )


def step(kind: str = "privacy", **kw: Any) -> dict[str, Any]:
    return {
        "index": 0,
        "kind": kind,
        "action": "agree",
        "control": "同意",
        "ts_ms": 1000,
        "source": "ui-click",
        "checkbox": None,
        "has_refuse": True,
        "shown_ms": 900,
    } | kw


AMAP_PRESENT = frozenset({"consent.amap.location.updatePrivacyAgree"})


def rules(findings: list[Any]) -> list[str]:
    return sorted(f.rule for f in findings)


def test_sdk_told_too_late() -> None:
    session = ConsentSession("agree", "continued", steps=(step(),), beacon_hooks=AMAP_PRESENT)
    found = correlate(
        [amap_location(1, 500), amap_agree(2, 1010)], [], [ConsentPoint(1000, "granted", "ui-click")], APP, session=session
    )
    late = next(f for f in found if f.rule == "sdk-collected-before-authorised")
    assert late.actor.name == "AMap Location (高德定位)" and late.evidence["told_at_ms"] == 1010
    assert "510 ms before" in late.summary
    assert rules(found) == ["collection-before-consent", "sdk-collected-before-authorised"]


def test_sdk_told_before_it_collects_is_fine_and_absent_sdks_are_not_judged() -> None:
    session = ConsentSession("agree", "continued", steps=(step(),), beacon_hooks=AMAP_PRESENT)
    consent = [ConsentPoint(1000, "granted", "ui-click")]
    assert correlate([amap_agree(1, 1005), amap_location(2, 1020)], [], consent, APP, session=session) == []
    # the beacon hook did not install (no such class in the app): the SDK is not known to need the call
    absent = ConsentSession("agree", "continued", steps=(step(),))
    assert correlate([amap_location(1, 1020)], [], consent, APP, session=absent) == []


def test_sdk_never_told() -> None:
    session = ConsentSession("none", "unanswered", steps=(step(action="none", ts_ms=None),), beacon_hooks=AMAP_PRESENT)
    found = correlate([amap_location(1, 500)], [], [], APP, session=session)
    late = next(f for f in found if f.rule == "sdk-collected-before-authorised")
    assert "never told" in late.summary and late.evidence["told_at_ms"] is None


def test_sdk_told_agreed_after_the_user_refused() -> None:
    found = correlate(
        [amap_agree(1, 1010)], [], [ConsentPoint(1000, "refused", "ui-click")], APP, session=ConsentSession("refuse", "continued")
    )
    (f,) = found
    assert f.rule == "consent-signals-disagree" and "refused on screen" in f.summary
    # told "false": what the user chose, no disagreement
    assert correlate([amap_agree(1, 1010, "false")], [], [ConsentPoint(1000, "refused", "ui-click")], APP) == []


def test_permission_requested_before_consent_and_after_refusal() -> None:
    ask = [
        event(1, 500, "permission.request", "android.app.Activity.requestPermissions", ("[android.permission.CAMERA]", "7")),
        event(2, 1500, "permission.request", "android.app.Activity.requestPermissions", ("[android.permission.CAMERA]", "7")),
    ]
    found = correlate(ask, [], [ConsentPoint(1000, "refused", "ui-click")], APP)
    assert rules(found) == ["permission-request-before-consent"] * 2
    assert {f.evidence["consent_state"] for f in found} == {"none", "refused"}
    assert all(f.evidence["permissions"] == ["CAMERA"] for f in found)
    assert correlate(ask[1:], [], [ConsentPoint(1000, "granted", "ui-click")], APP) == []


def test_forced_exit_after_refusal() -> None:
    exit_event = event(3, 1020, "lifecycle.Runtime.exit", "java.lang.Runtime.exit", ("0",))
    session = ConsentSession("refuse", "exited", 1100, steps=(step(action="refuse"),))
    (f,) = correlate([exit_event], [], [ConsentPoint(1000, "refused", "ui-click")], APP, session=session)
    assert f.rule == "forced-exit-after-refusal" and f.ts_ms == 1020 and "20 ms after" in f.summary
    assert f.evidence["events"] == [3]
    # the same exit without a refusal is not this finding
    assert correlate([exit_event], [], [ConsentPoint(1000, "granted", "ui-click")], APP, session=session) == []


def test_dialog_rules() -> None:
    pre = ConsentSession("agree", "continued", steps=(step(checkbox="checked"),))
    assert rules(correlate([], [], [], APP, session=pre)) == ["consent-prechecked"]
    only_ok = ConsentSession("agree", "continued", steps=(step(kind="notice", has_refuse=False),))
    assert rules(correlate([], [], [], APP, session=only_ok)) == ["no-refuse-option"]
    # a confirm dialog without "refuse" after a first layer that had one is not this rule
    confirm = ConsentSession("agree", "continued", steps=(step(), step(kind="privacy-confirm", has_refuse=False)))
    assert correlate([], [], [], APP, session=confirm) == []


def test_consent_dialog_missing_only_when_pi_was_collected() -> None:
    missing = ConsentSession("agree", "no-dialog")
    (f,) = [f for f in correlate([amap_location(1, 500)], [], [], APP, session=missing) if f.rule == "consent-dialog-missing"]
    assert "never showed a privacy dialog" in f.summary
    assert correlate([], [], [], APP, session=missing) == []
    assert (
        correlate([amap_location(1, 500)], [], [], APP, session=ConsentSession("manual", "no-dialog"))[0].rule
        != "consent-dialog-missing"
    )


def test_five_ms_either_side_of_the_click_on_the_device_clock() -> None:
    """Device time decides, not arrival: the event 5 ms before the click reached the host last
    (a later batch from another thread, so a higher id) and is still "before"."""
    click_ts = 1_700_000_000_000
    after = amap_location(10, click_ts + 5)
    before = amap_location(11, click_ts - 5)
    found = correlate([after, before], [], [ConsentPoint(click_ts, "granted", "ui-click", event_id=9)], APP)
    (f,) = found
    assert f.rule == "collection-before-consent" and f.evidence["events"] == [11] and f.rel_ms == -5


def test_bracketed_consent_is_said_in_the_finding() -> None:
    point = ConsentPoint(1000, "granted", "dump-diff", bracket_end_ms=1060)
    (f,) = correlate([amap_location(1, 990)], [], [point], APP)
    assert "no click event" in f.evidence["consent_time"] and f.evidence["within_consent_bracket"] is False


def test_collection_after_consent_was_withdrawn() -> None:
    reads = [amap_location(1, 1500), amap_location(2, 3500)]
    consent = [ConsentPoint(1000, "granted", "ui-click"), ConsentPoint(3000, "withdrawn", "ui-click")]
    (f,) = [f for f in correlate(reads, [], consent, APP) if f.rule == "collection-after-refusal"]
    assert f.evidence["events"] == [2] and f.evidence["consent_state"] == "withdrawn"
    assert "after the user withdrew consent" in f.summary and f.rel_ms == 2500  # from the first decision
    ask = [event(3, 3600, "permission.request", "android.app.Activity.requestPermissions", ("[android.permission.CAMERA]", "7"))]
    (p,) = correlate(ask, [], consent, APP)
    assert p.rule == "permission-request-before-consent" and "after the user withdrew consent" in p.summary
