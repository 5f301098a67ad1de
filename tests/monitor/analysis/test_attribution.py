from __future__ import annotations

from monitor.analysis.attribution import SdkEntry, attribute, caller_class, frame_class, sdk_catalogue

APP = "com.example.app"


def test_frame_parsing() -> None:
    assert frame_class("com.a.B.m(B.java:3)") == "com.a.B"
    assert frame_class("java.base/java.net.URL.openConnection(Native Method)") == "java.net.URL"
    assert frame_class("com.a.B$1.run(B.java:9)") == "com.a.B$1"
    assert frame_class("com.a.B.<init>(B.java:1)") == "com.a.B"
    assert frame_class("garbage") is None


def test_first_non_framework_caller_is_the_actor() -> None:
    stack = [
        "android.telephony.TelephonyManager.getDeviceId(Native Method)",
        "com.umeng.analytics.internal.DeviceCollector.collect(DeviceCollector.java:28)",
        "com.example.app.App.onCreate(App.java:8)",
    ]
    assert caller_class(stack) == "com.umeng.analytics.internal.DeviceCollector"
    actor = attribute(stack, APP)
    assert (actor.kind, actor.prefix) == ("sdk", "com.umeng")
    assert "Umeng" in actor.name


def test_app_code_and_unknown_third_party() -> None:
    assert attribute(["android.x.Y.z(Native Method)", "com.example.app.Main.go(Main.java:1)"], APP).kind == "app"
    other = attribute(["io.unknown.tracker.core.Collector.run(C.java:2)"], APP)
    assert (other.kind, other.name) == ("third-party", "io.unknown.tracker")
    assert attribute(["android.app.Activity.onResume(Native Method)"], APP).kind == "unknown"


def test_most_specific_prefix_wins() -> None:
    cat = [
        SdkEntry("Google Play services", "com.google.android.gms"),
        SdkEntry("Google Mobile Ads", "com.google.android.gms.ads"),
    ]
    cat.sort(key=lambda e: len(e.prefix), reverse=True)
    actor = attribute(["com.google.android.gms.ads.internal.X.y(X.java:1)"], APP, cat)
    assert actor.name == "Google Mobile Ads"
    # the shipped catalogue is ordered the same way
    assert [len(e.prefix) for e in sdk_catalogue()] == sorted((len(e.prefix) for e in sdk_catalogue()), reverse=True)


def test_prefix_must_end_at_a_package_boundary() -> None:
    cat = [SdkEntry("Dv", "com.dv")]
    assert attribute(["com.dvadm.Main.run(Main.java:1)"], "com.dvadm", cat).kind == "app"
