from __future__ import annotations

from monitor.analysis.attribution import CATEGORIES, Catalogue, SdkEntry, attribute, caller_class, frame_class, sdk_catalogue

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
    assert (actor.kind, actor.prefix, actor.category) == ("sdk", "com.umeng.analytics", "analytics")
    assert "Umeng" in actor.name


def test_app_code_and_unknown_third_party() -> None:
    assert attribute(["android.x.Y.z(Native Method)", "com.example.app.Main.go(Main.java:1)"], APP).kind == "app"
    other = attribute(["io.unknown.tracker.core.Collector.run(C.java:2)"], APP)
    assert (other.kind, other.name) == ("third-party", "io.unknown.tracker")
    assert attribute(["android.app.Activity.onResume(Native Method)"], APP).kind == "unknown"


def test_most_specific_prefix_wins() -> None:
    cat = Catalogue.of(
        [SdkEntry("Google Play services", "com.google.android.gms"), SdkEntry("Google Mobile Ads", "com.google.android.gms.ads")]
    )
    actor = attribute(["com.google.android.gms.ads.internal.X.y(X.java:1)"], APP, cat)
    assert actor.name == "Google Mobile Ads"
    # the shipped catalogue is ordered the same way
    lengths = [len(e.prefix) for e in sdk_catalogue().entries]
    assert lengths == sorted(lengths, reverse=True)


def test_prefix_must_end_at_a_package_boundary() -> None:
    cat = Catalogue.of([SdkEntry("Dv", "com.dv")])
    assert attribute(["com.dvadm.Main.run(Main.java:1)"], "com.dvadm", cat).kind == "app"


def test_shipped_catalogue_is_complete_and_consistent() -> None:
    """≥ 300 SDK prefixes, each SDK with a company and a known category, no prefix listed twice."""
    import json
    from pathlib import Path

    import monitor.analysis.attribution as attribution

    data = json.loads((Path(attribution.__file__).parent / "data" / "sdks.json").read_text(encoding="utf-8"))
    prefixes = [p for s in data["sdks"] for p in s["prefixes"]]
    assert len(prefixes) >= 300
    every = prefixes + [p for group in ("transparent", "runtimes") for t in data[group] for p in t["prefixes"]]
    assert len(every) == len(set(every)), "a prefix is listed twice"
    for s in data["sdks"]:
        assert s["name"] and s["company"] and s["category"] in CATEGORIES, s
        assert all(p == p.strip() and " " not in p and not p.endswith(".") for p in s["prefixes"]), s
    assert {"Tencent", "Alibaba", "ByteDance", "Baidu", "Google", "Meta"} <= {e["name"] for e in data["entities"]}


def test_the_hooked_api_frame_is_not_the_caller() -> None:
    """The agent's stack starts with the hooked method itself; for an SDK's API (GAID client, OAID SDK)
    that frame must not make the SDK the actor."""
    stack = [
        "com.google.android.gms.ads.identifier.AdvertisingIdClient$Info.getId(Native Method)",
        "com.example.app.Ads.load(Ads.java:3)",
    ]
    assert attribute(stack, APP).kind == "sdk"  # without the API, the top frame is taken at its word
    assert attribute(stack, APP, api="com.google.android.gms.ads.identifier.AdvertisingIdClient$Info.getId").kind == "app"
    via_sdk = ["com.bun.miitmdid.core.MdidSdkHelper.InitSdk(Native Method)", "com.umeng.commonsdk.Oaid.init(O.java:9)"]
    actor = attribute(via_sdk, APP, api="com.bun.miitmdid.core.MdidSdkHelper.InitSdk")
    assert (actor.kind, actor.company) == ("sdk", "Umeng+ (友盟同欣, Alibaba)")


def test_transparent_libraries_are_skipped_and_runtimes_are_the_app() -> None:
    through_okhttp = [
        "java.net.URL.openConnection(Native Method)",
        "okhttp3.internal.Conn.open(C.java:1)",
        "retrofit2.Call.execute(C.java:2)",
        "com.umeng.analytics.Uploader.send(U.java:3)",
    ]
    assert attribute(through_okhttp, APP).prefix == "com.umeng.analytics"
    utilcode = [
        "android.provider.Settings$Secure.getString(Native Method)",
        "com.blankj.utilcode.util.DeviceUtils.getAndroidID(D.java:1)",
        "com.example.app.Main.go(M.java:1)",
    ]
    assert attribute(utilcode, APP).kind == "app"
    flutter = [
        "android.content.ClipboardManager.getPrimaryClip(Native Method)",
        "io.flutter.plugin.platform.PlatformPlugin.getClipboardData(P.java:1)",
    ]
    actor = attribute(flutter, APP)
    assert actor.kind == "app" and "Flutter" in actor.name
    # libraries under com.android.* that ship inside apps are not the framework
    assert attribute(["com.android.installreferrer.api.Client.start(C.java:1)"], APP).name == "Google Play Install Referrer"


def test_sdk_inside_the_app_package_and_obfuscated_code() -> None:
    cat = Catalogue.of([SdkEntry("Umeng", "com.umeng")])
    assert attribute(["com.umeng.demo.Main.run(M.java:1)"], "com.umeng.demo", cat).kind == "app"  # the app is more specific
    assert attribute(["com.umeng.analytics.A.b(A.java:1)"], "com.umeng.demo", cat).kind == "sdk"
    obfuscated = attribute(["a.b.c.d.e(Unknown Source:4)"], APP, cat)
    assert (obfuscated.kind, obfuscated.name) == ("third-party", "a.b.c")


def test_flow_recipients() -> None:
    cat = sdk_catalogue()
    umeng = cat.recipient("alog.umeng.com", APP)
    assert (umeng.entity, umeng.domain, umeng.party) == ("Umeng+ (友盟同欣, Alibaba)", "umeng.com", "third")
    assert cat.recipient("pangolin-sdk-toutiao.com").entity == "ByteDance"
    assert cat.recipient("WWW.QQ.COM.").entity == "Tencent"
    assert cat.recipient("api.example.com", "com.example.app").party == "first"
    assert cat.recipient("api.unknown-tracker.io", "com.example.app").party == "unknown"
    assert cat.recipient("notqq.com").entity is None  # suffixes match at label boundaries only
