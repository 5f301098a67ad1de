"""Signal 3: what the app told its SDKs, read from the consent-beacon hook events (host-side meaning).

The agent records the calls and their arguments; this table says which argument carries the
answer and which SDKs (catalogue names) each call authorises. A vendor's call covers that vendor's
SDKs that need it: Umeng's ``submitPolicyGrantResult`` all Umeng modules, Aurora's
``JCollectionAuth.setAuth`` JPush and JCore, AMap's calls the AMap product they belong to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from monitor.analysis.model import ObservedEvent

_UMENG = (
    "Umeng Analytics (友盟统计)",
    "Umeng Share (友盟分享)",
    "Umeng Push (友盟推送)",
    "Umeng APM (友盟应用性能监控)",
    "Umeng (友盟+)",
)
_AURORA = ("JPush (极光推送)", "JCore (极光)", "JAnalytics (极光统计)", "JVerification (极光认证)")
_AMAP = ("AMap Location (高德定位)", "AMap (高德地图)")


@dataclass(frozen=True)
class BeaconSpec:
    vendor: str
    call: str
    sdks: tuple[str, ...]
    arg: int | None  # index of the boolean answer; None: the call carries no answer (init, pre-init)


BEACONS: dict[str, BeaconSpec] = {
    "consent.umeng.submitPolicyGrantResult": BeaconSpec("Umeng", "UMConfigure.submitPolicyGrantResult", _UMENG, 1),
    "consent.umeng.preInit": BeaconSpec("Umeng", "UMConfigure.preInit", _UMENG, None),
    "consent.umeng.init": BeaconSpec("Umeng", "UMConfigure.init", _UMENG, None),
    "consent.amap.location.updatePrivacyShow": BeaconSpec("AMap", "AMapLocationClient.updatePrivacyShow", _AMAP[:1], None),
    "consent.amap.location.updatePrivacyAgree": BeaconSpec("AMap", "AMapLocationClient.updatePrivacyAgree", _AMAP[:1], 1),
    "consent.amap.maps.updatePrivacyShow": BeaconSpec("AMap", "MapsInitializer.updatePrivacyShow", _AMAP[1:], None),
    "consent.amap.maps.updatePrivacyAgree": BeaconSpec("AMap", "MapsInitializer.updatePrivacyAgree", _AMAP[1:], 1),
    "consent.amap.services.updatePrivacyAgree": BeaconSpec("AMap", "ServiceSettings.updatePrivacyAgree", _AMAP[1:], 1),
    "consent.jiguang.setAuth": BeaconSpec("Aurora (极光)", "JCollectionAuth.setAuth", _AURORA, 1),
    "consent.baidu.location.setAgreePrivacy": BeaconSpec(
        "Baidu", "LocationClient.setAgreePrivacy", ("Baidu Location (百度定位)",), 0
    ),
    "consent.baidu.map.setAgreePrivacy": BeaconSpec("Baidu", "SDKInitializer.setAgreePrivacy", ("Baidu Map (百度地图)",), 1),
    "consent.tencent.location.setUserAgreePrivacy": BeaconSpec(
        "Tencent", "TencentLocationManager.setUserAgreePrivacy", ("Tencent Location",), 0
    ),
}
TCF_HOOK = "consent.iabtcf.putString"


@dataclass(frozen=True)
class BeaconCall:
    """One answer the app gave an SDK (or a consent platform stored)."""

    hook: str
    ts_ms: int
    event_id: int
    vendor: str
    call: str
    sdks: tuple[str, ...]
    granted: bool | None  # None: no answer in this call (TCF string without purposes)


BEACON_HOOKS = frozenset({*BEACONS, TCF_HOOK})  # every hook beacon_calls reads


def beacon_calls(events: Iterable[ObservedEvent]) -> list[BeaconCall]:
    """The consent answers in a run, in device-time order."""
    out = []
    for ev in events:
        spec = BEACONS.get(ev.hook)
        if spec is not None and spec.arg is not None:
            raw = ev.args[spec.arg] if len(ev.args) > spec.arg else ""
            granted = {"true": True, "false": False}.get(raw.strip().lower())
            out.append(BeaconCall(ev.hook, ev.ts_ms, ev.id, spec.vendor, spec.call, spec.sdks, granted))
        elif ev.hook == TCF_HOOK and len(ev.args) >= 2 and ev.args[0] == "IABTCF_PurposeConsents":
            # purpose 1 ("store and/or access information on a device") is the consent every vendor needs
            bits = ev.args[1].strip()
            out.append(
                BeaconCall(ev.hook, ev.ts_ms, ev.id, "IAB TCF", "IABTCF_PurposeConsents", (), bits[:1] == "1" if bits else None)
            )
    return sorted(out, key=lambda b: b.ts_ms)


def sdks_with_beacons(present_hooks: Iterable[str]) -> dict[str, str]:
    """SDK name -> the call that authorises it, for the beacon hooks installed (their class is in the app)."""
    out: dict[str, str] = {}
    for hook in present_hooks:
        spec = BEACONS.get(hook)
        if spec is not None and spec.arg is not None:
            for sdk in spec.sdks:
                out.setdefault(sdk, spec.call)
    return out
