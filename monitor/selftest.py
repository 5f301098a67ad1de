"""Hook coverage self-test: the probe sandbox app calls every hooked API once; each must arrive once.

Every hook the agent reports must have an expectation here, so a hook added to the agent without a
probe call fails the self-test instead of silently going untested. For hooks that carry PI values,
the value must equal what the sandbox device serves. An agent error during the probe's run fails the
hook it hit (or the self-test, when it hit no hook): a hook that records its calls through a fallback
after a fault is still a broken hook.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.consent import ConsentChoice
from monitor.correlation import load_observations
from monitor.events import ValueType
from monitor.progress import ProgressReporter
from monitor.runner import RunOptions, SessionRunner
from monitor.sandbox.device import sample_app
from monitor.sandbox.state import DeviceState
from monitor.store.db import Store
from monitor.store.models import Run

# hook id -> (calls the probe makes, the PI value type it must report or None)
EXPECTED: dict[str, tuple[int, ValueType | None]] = {
    # traffic plumbing: routes or unpins the app's connections and reports no calls
    "traffic.appProxy": (0, None),
    "traffic.okhttp3.proxy": (0, None),
    "tls.SSLContext.init": (0, None),
    "tls.okhttp3.CertificatePinner": (0, None),
    "tls.conscrypt.TrustManagerImpl": (0, None),
    "tls.nsc.checkPins": (0, None),
    "tls.webview.onReceivedSslError": (0, None),
    "traffic.blockQuic": (0, None),
    "telephony.getDeviceId": (1, ValueType.IMEI),
    "telephony.getImei": (1, ValueType.IMEI),
    "telephony.getSubscriberId": (1, ValueType.IMSI),
    "telephony.getLine1Number": (1, ValueType.PHONE_NUMBER),
    "telephony.getSimSerialNumber": (1, ValueType.ICCID),
    "telephony.getMeid": (1, ValueType.MEID),
    "sysprop.get": (1, ValueType.SERIAL),  # the probe reads two keys; only the serial is recorded
    "net.getHardwareAddress": (1, None),  # loopback: no hardware address
    "ads.gaid": (1, ValueType.GAID),
    "ads.oaid.hms": (1, ValueType.OAID),
    "ads.oaid.xiaomi": (1, ValueType.OAID),
    "ads.oaid.msa": (1, None),
    "settings.secure.getString": (1, ValueType.ANDROID_ID),
    "wifi.getMacAddress": (1, ValueType.MAC),
    "location.getLastKnownLocation": (1, ValueType.GEO),
    "location.requestLocationUpdates": (1, None),
    "location.requestSingleUpdate": (1, None),
    "location.getCurrentLocation": (1, None),
    "location.Location.getLatitude": (1, ValueType.GEO),  # the agent's own read of the fix is not an event
    "location.Location.getLongitude": (1, ValueType.GEO),
    "location.fused.getLastLocation": (1, None),
    "location.fused.requestLocationUpdates": (1, None),
    "location.geocoder.getFromLocation": (1, ValueType.GEO),
    "location.geocoder.getFromLocationName": (1, None),
    "cell.getAllCellInfo": (1, ValueType.CELL),
    "cell.getCellLocation": (1, ValueType.CELL),
    "wifi.getBSSID": (1, ValueType.WIFI),
    "wifi.getSSID": (1, None),
    "wifi.getScanResults": (1, ValueType.WIFI),
    "resolver.query": (5, None),  # contacts, call log, SMS, calendar, media
    "audio.AudioRecord.init": (1, None),
    "audio.startRecording": (1, None),
    "media.MediaRecorder.start": (1, None),
    "speech.startListening": (1, None),
    "clipboard.getPrimaryClip": (1, ValueType.CLIPBOARD),
    "clipboard.setPrimaryClip": (1, None),
    "pm.getInstalledPackages": (1, None),
    "pm.getPackageInfo": (1, None),
    "pm.getInstalledApplications": (1, None),
    "am.getRunningAppProcesses": (1, None),
    "permission.request": (1, None),
    "permission.result": (1, None),
    "permission.check": (1, None),
    "lifecycle.Application.onCreate": (1, None),
    "lifecycle.Activity.onCreate": (1, None),
    "lifecycle.Activity.onResume": (1, None),
    "lifecycle.Activity.onPause": (1, None),
    "lifecycle.Activity.onDestroy": (1, None),
    "net.URL.openConnection": (1, None),
    "net.okhttp3.newCall": (1, None),
    "ui.View.performClick": (1, None),
    "build.getSerial": (1, ValueType.SERIAL),
    "bluetooth.getAddress": (1, ValueType.MAC),
    "camera.open": (1, None),
    "camera2.openCamera": (1, None),
    "sensor.registerListener": (1, None),
    "accounts.getAccounts": (1, ValueType.ACCOUNT),
    "accounts.getAccountsByType": (1, ValueType.ACCOUNT),
    "process.start": (1, None),
    "lifecycle.Activity.finish": (1, None),
    # the probe neither exits nor kills itself: the exit-after-refusal sample exercises these two
    "lifecycle.Runtime.exit": (0, None),
    "lifecycle.Process.killProcess": (0, None),
    "consent.umeng.submitPolicyGrantResult": (1, None),
    "consent.umeng.preInit": (1, None),
    "consent.umeng.init": (1, None),
    "consent.amap.location.updatePrivacyShow": (1, None),
    "consent.amap.location.updatePrivacyAgree": (1, None),
    "consent.amap.maps.updatePrivacyShow": (1, None),
    "consent.amap.maps.updatePrivacyAgree": (1, None),
    "consent.amap.services.updatePrivacyAgree": (1, None),
    "consent.jiguang.setAuth": (1, None),
    "consent.baidu.location.setAgreePrivacy": (1, None),
    "consent.baidu.map.setAgreePrivacy": (1, None),
    "consent.tencent.location.setUserAgreePrivacy": (1, None),
    "consent.iabtcf.putString": (1, None),
}


# hooks whose values are not the device's default for their type
_VALUES_OF_HOOK: dict[str, Callable[[DeviceState], set[str]]] = {
    "bluetooth.getAddress": lambda state: {state.bt_mac},
    "wifi.getScanResults": lambda state: {ap.bssid for ap in state.wifi_scan},
    "location.geocoder.getFromLocation": lambda state: {"39.9042,116.4074"},  # the probe's own coordinates
}


def expected_values(state: DeviceState, kind: ValueType, hook_id: str = "") -> set[str]:
    """The PI values a hook must report on the probe."""
    if hook_id in _VALUES_OF_HOOK:
        return _VALUES_OF_HOOK[hook_id](state)
    return {
        {
            ValueType.IMEI: state.imei,
            ValueType.IMSI: state.imsi,
            ValueType.PHONE_NUMBER: state.line1,
            ValueType.ICCID: state.iccid,
            ValueType.ANDROID_ID: state.android_id,
            ValueType.MAC: state.wifi_mac,
            ValueType.GEO: f"{state.latitude},{state.longitude}",
            ValueType.CLIPBOARD: state.clipboard,
            ValueType.SERIAL: state.build_props()["ro.serialno"],
            ValueType.ACCOUNT: state.accounts[0],
            ValueType.MEID: state.meid,
            ValueType.GAID: state.gaid,
            ValueType.OAID: state.oaid,
            ValueType.CELL: f"{state.cell_lac}-{state.cell_id}",
            ValueType.WIFI: state.wifi_bssid,
        }[kind]
    }


@dataclass(frozen=True)
class HookCheck:
    id: str
    api: str
    installed: bool
    calls: int
    expected_calls: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class SelftestResult:
    run_uid: str
    status: str
    checks: list[HookCheck]

    @property
    def ok(self) -> bool:
        return self.status == "complete" and bool(self.checks) and all(c.ok for c in self.checks)


def fault_text(faults: list[dict[str, Any]]) -> str | None:
    """The agent errors of one hook (summarised per place by the runner) as one problem; None for none."""
    if not faults:
        return None
    return "agent error: " + "; ".join(f"{f['where']} ×{f['count']}: {f['message']}" for f in faults)


def run_selftest(store: Store, data_dir: Path, progress: ProgressReporter | None = None) -> SelftestResult:
    state = DeviceState(prompt_answer="deny")  # the probe asks for CAMERA: answered at once, no dialog
    runner = SessionRunner(store, data_dir, progress)
    result = runner.run_sandbox(
        sample_app("probe"), RunOptions(consent=ConsentChoice.NONE, dialog_timeout_s=2.0, device_state=state)
    )
    events, _, _, _ = load_observations(store, result.run_id)
    calls = Counter(e.hook for e in events)
    values: dict[str, set[tuple[ValueType, str]]] = {}
    for e in events:
        values.setdefault(e.hook, set()).update((v.type, v.value) for v in e.values)
    with store.session() as s:
        run = s.get(Run, result.run_id)
        assert run is not None
        statuses = list(run.hooks)
        faults = list(run.agent_faults or [])
    return SelftestResult(result.uid, result.status, hook_checks(state, statuses, calls, values, faults))


def hook_checks(
    state: DeviceState,
    statuses: list[dict[str, Any]],
    calls: Counter[str],
    values: dict[str, set[tuple[ValueType, str]]],
    faults: list[dict[str, Any]],
) -> list[HookCheck]:
    """One check per hook the agent reported (and per expected hook it did not), from what the probe's run
    recorded; agent errors that hit no hook become checks of their own."""
    checks = []
    for h in statuses:
        hook_id = h["id"]
        expectation = EXPECTED.get(hook_id)
        problem = None
        if not h["installed"]:
            problem = f"not installed: {h.get('error')}"
        elif expectation is None:
            problem = "no self-test expectation: add a probe call and an entry in monitor/selftest.py"
        else:
            want, kind = expectation
            if calls[hook_id] != want:
                problem = f"{calls[hook_id]} event(s), expected {want}"
            elif kind is not None and values.get(hook_id) != {(kind, v) for v in expected_values(state, kind, hook_id)}:
                got = sorted(f"{t}:{v}" for t, v in values.get(hook_id, set()))
                problem = f"values {got}, expected {sorted(expected_values(state, kind, hook_id))}"
        fault = fault_text([f for f in faults if f.get("hook") == hook_id])
        problem = "; ".join(p for p in (problem, fault) if p is not None) or None
        checks.append(
            HookCheck(hook_id, h["api"], bool(h["installed"]), calls[hook_id], expectation[0] if expectation else None, problem)
        )
    missing = sorted(set(EXPECTED) - {c.id for c in checks})
    checks += [HookCheck(m, "", False, 0, EXPECTED[m][0], "expected but the agent did not report it") for m in missing]
    hook_ids = {c.id for c in checks}
    checks += [
        HookCheck(f"agent:{f['where']}", "", False, 0, None, fault_text([f])) for f in faults if f.get("hook") not in hook_ids
    ]
    return checks
