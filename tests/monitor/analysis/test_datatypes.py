from __future__ import annotations

from monitor.analysis.datatypes import data_type, label
from monitor.analysis.model import ObservedEvent


def ev(hook: str, args: tuple[str, ...] = (), kind: str = "hook:call") -> ObservedEvent:
    return ObservedEvent(id=1, ts_ms=0, kind=kind, hook=hook, category="x", api="a", args=args)


def test_host_decides_the_data_type() -> None:
    assert data_type(ev("telephony.getImei"), "p") == "imei"
    assert data_type(ev("settings.secure.getString", ("resolver", "android_id")), "p") == "android-id"
    assert data_type(ev("settings.secure.getString", ("resolver", "bluetooth_name")), "p") is None
    assert data_type(ev("resolver.query", ("content://com.android.contacts/data/phones",)), "p") == "contacts"
    assert data_type(ev("resolver.query", ("content://call_log/calls",)), "p") == "call-log"
    assert data_type(ev("resolver.query", ("content://downloads/my_downloads",)), "p") is None
    assert data_type(ev("pm.getPackageInfo", ("com.tencent.mm", "0")), "p") == "app-list"
    assert data_type(ev("pm.getPackageInfo", ("p", "0")), "p") is None
    assert data_type(ev("clipboard.setPrimaryClip"), "p") is None
    assert data_type(ev("ui.View.performClick", kind="ui:click"), "p") is None
    assert data_type(ev("lifecycle.Activity.onCreate"), "p") is None


def test_labels() -> None:
    assert "IMEI" in label("imei") and label("unheard-of") == "unheard-of"


def test_new_hooks_and_shell_commands() -> None:
    assert data_type(ev("build.getSerial"), "p") == "device-serial"
    assert data_type(ev("bluetooth.getAddress"), "p") == "mac-address"
    assert data_type(ev("camera.open"), "p") == "camera"
    assert data_type(ev("accounts.getAccounts"), "p") == "accounts"
    assert data_type(ev("sensor.registerListener"), "p") is None

    def cmd(target: str) -> ObservedEvent:
        return ObservedEvent(id=1, ts_ms=0, kind="hook:call", hook="process.start", category="process", api="a", target=target)

    assert data_type(cmd("[getprop, ro.serialno]"), "p") == "device-serial"
    assert data_type(cmd("[cat, /sys/class/net/wlan0/address]"), "p") == "mac-address"
    assert data_type(cmd("[sh, -c, pm list packages -3]"), "p") == "app-list"
    assert data_type(cmd("[ls, /data]"), "p") is None


def test_catalogue_additions() -> None:
    """Identifiers, location sources, providers and apps added with the full catalogue."""
    for hook, dt in [
        ("telephony.getMeid", "imei"),
        ("net.getHardwareAddress", "mac-address"),
        ("ads.gaid", "gaid"),
        ("ads.oaid.msa", "oaid"),
        ("ads.oaid.hms", "oaid"),
        ("location.Location.getLatitude", "location"),
        ("location.fused.getLastLocation", "location"),
        ("location.geocoder.getFromLocation", "location"),
        ("cell.getAllCellInfo", "cell-info"),
        ("wifi.getScanResults", "wifi-info"),
        ("speech.startListening", "microphone"),
        ("camera2.openCamera", "camera"),
        ("am.getRunningAppProcesses", "app-list"),
        ("accounts.getAccountsByType", "accounts"),
    ]:
        assert data_type(ev(hook), "p") == dt, hook
    assert data_type(ev("sysprop.get", ("ro.serialno",)), "p") == "device-serial"
    assert data_type(ev("sysprop.get", ("ro.build.version.sdk",)), "p") is None
    assert data_type(ev("resolver.query", ("content://sms/inbox",)), "p") == "sms"
    assert data_type(ev("resolver.query", ("content://com.android.calendar/events",)), "p") == "calendar"
    assert data_type(ev("resolver.query", ("content://media/external/images/media",)), "p") == "photos"
    assert data_type(ev("resolver.query", ("content://com.vivo.vms.IdProvider/IdentifierId/OAID",)), "p") == "oaid"


def test_every_value_type_has_a_data_type_and_label() -> None:
    from monitor.analysis.datatypes import LABELS, VALUE_DATA_TYPES
    from monitor.events import ValueType

    assert set(VALUE_DATA_TYPES) == set(ValueType)
    assert all(dt in LABELS for dt in VALUE_DATA_TYPES.values())


def test_serial_property_keys_match_the_agent() -> None:
    """The agent records reads of these keys only; the host types them: both lists must agree."""
    import re

    from monitor.agent.build import REPO_HOOKS
    from monitor.analysis.datatypes import _SERIAL_PROPERTIES

    source = (REPO_HOOKS / "src" / "android" / "identifiers.ts").read_text(encoding="utf-8")
    m = re.search(r"SERIAL_PROPERTIES: readonly string\[\] = \[(.*?)\]", source)
    assert m is not None
    assert set(re.findall(r'"([^"]+)"', m.group(1))) == _SERIAL_PROPERTIES
