"""What personal-information type an observed API call collects (host-side decision, not the agent's)."""

from __future__ import annotations

from collections.abc import Mapping

from monitor.analysis.model import ObservedEvent
from monitor.events import ValueType

VALUE_DATA_TYPES: dict[ValueType, str] = {
    ValueType.IMEI: "imei",
    ValueType.IMSI: "imsi",
    ValueType.ICCID: "iccid",
    ValueType.PHONE_NUMBER: "phone-number",
    ValueType.ANDROID_ID: "android-id",
    ValueType.MAC: "mac-address",
    ValueType.GEO: "location",
    ValueType.CLIPBOARD: "clipboard",
    ValueType.PACKAGE: "app-list",
    ValueType.CONTACT: "contacts",
    ValueType.SERIAL: "device-serial",
    ValueType.ACCOUNT: "accounts",
    ValueType.MEID: "imei",
    ValueType.GAID: "gaid",
    ValueType.OAID: "oaid",
    ValueType.CELL: "cell-info",
    ValueType.WIFI: "wifi-info",
}

LABELS: dict[str, str] = {
    "consent": "consent (同意)",
    "permission": "runtime permission (权限)",
    "imei": "IMEI / device ID (设备识别码)",
    "imsi": "IMSI (国际移动用户识别码)",
    "iccid": "ICCID / SIM serial (SIM卡序列号)",
    "phone-number": "phone number (手机号码)",
    "android-id": "Android ID",
    "mac-address": "MAC address (MAC地址)",
    "location": "location (位置信息)",
    "contacts": "contacts (通讯录)",
    "call-log": "call log (通话记录)",
    "sms": "SMS (短信)",
    "microphone": "microphone (麦克风)",
    "camera": "camera (摄像头)",
    "clipboard": "clipboard (剪切板)",
    "app-list": "installed apps (软件安装列表)",
    "device-serial": "device serial number (设备序列号)",
    "accounts": "accounts (账户信息)",
    "oaid": "OAID (匿名设备标识符)",
    "gaid": "Google advertising ID (GAID)",
    "cell-info": "cell tower (基站信息)",
    "wifi-info": "Wi-Fi access points (WiFi信息: BSSID/SSID)",
    "calendar": "calendar (日历)",
    "photos": "photos and media (相册)",
}

_BY_HOOK: dict[str, str] = {
    "telephony.getDeviceId": "imei",
    "telephony.getImei": "imei",
    "telephony.getSubscriberId": "imsi",
    "telephony.getLine1Number": "phone-number",
    "telephony.getSimSerialNumber": "iccid",
    "wifi.getMacAddress": "mac-address",
    "location.getLastKnownLocation": "location",
    "location.requestLocationUpdates": "location",
    "audio.AudioRecord.init": "microphone",
    "audio.startRecording": "microphone",
    "media.MediaRecorder.start": "microphone",
    "clipboard.getPrimaryClip": "clipboard",
    "pm.getInstalledPackages": "app-list",
    "build.getSerial": "device-serial",
    "bluetooth.getAddress": "mac-address",
    "camera.open": "camera",
    "accounts.getAccounts": "accounts",
    "accounts.getAccountsByType": "accounts",
    "telephony.getMeid": "imei",
    "net.getHardwareAddress": "mac-address",
    "ads.gaid": "gaid",
    "ads.oaid.hms": "oaid",
    "ads.oaid.xiaomi": "oaid",
    "ads.oaid.msa": "oaid",
    "location.requestSingleUpdate": "location",
    "location.getCurrentLocation": "location",
    "location.Location.getLatitude": "location",
    "location.Location.getLongitude": "location",
    "location.fused.getLastLocation": "location",
    "location.fused.requestLocationUpdates": "location",
    "location.geocoder.getFromLocation": "location",
    "location.geocoder.getFromLocationName": "location",
    "cell.getAllCellInfo": "cell-info",
    "cell.getCellLocation": "cell-info",
    "wifi.getBSSID": "wifi-info",
    "wifi.getSSID": "wifi-info",
    "wifi.getScanResults": "wifi-info",
    "speech.startListening": "microphone",
    "camera2.openCamera": "camera",
    "pm.getInstalledApplications": "app-list",
    "am.getRunningAppProcesses": "app-list",
}

# System properties holding the hardware serial (the agent records reads of these keys only).
_SERIAL_PROPERTIES = frozenset({"ro.serialno", "ro.boot.serialno", "ril.serialnumber", "sys.serialnumber"})

# What a shell command reads, for apps and SDKs that shell out instead of calling the API.
_COMMANDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("ro.serialno",), "device-serial"),
    (("ro.boot.serialno",), "device-serial"),
    (("/sys/class/net/", "address"), "mac-address"),
    (("ip", "link"), "mac-address"),
    (("pm", "list", "packages"), "app-list"),
)

_PROVIDERS = {
    "com.android.contacts": "contacts",
    "contacts": "contacts",
    "call_log": "call-log",
    "sms": "sms",
    "mms-sms": "sms",
    "com.android.calendar": "calendar",
    "media": "photos",
    # vendor OAID providers (vivo, OPPO/OnePlus via the MSA SDK or direct queries)
    "com.vivo.vms.IdProvider": "oaid",
}


# Hooks whose data type depends on their arguments or on the app (see data_type).
_BY_ARGS = frozenset({"settings.secure.getString", "resolver.query", "process.start", "sysprop.get", "pm.getPackageInfo"})


def fast_data_types(user: Mapping[str, str] | None = None) -> dict[str, str]:
    """Hook id -> data type for the hooks whose data type needs no look at the call (a dict lookup
    instead of :func:`data_type` on the hot path); user hooks included."""
    table = {h: dt for h, dt in _BY_HOOK.items() if h not in _BY_ARGS}
    table.update(user or {})
    return table


def depends_on_call(hook: str) -> bool:
    """Whether a hook's data type depends on the call (its arguments, or the app): for any other
    hook :func:`data_type` is ``fast_data_types()``'s entry, or None for every call."""
    return hook in _BY_ARGS


def _authority(uri: str) -> str:
    rest = uri.split("://", 1)[1] if "://" in uri else uri
    return rest.split("/", 1)[0]


def data_type(event: ObservedEvent, app_package: str, user: Mapping[str, str] | None = None) -> str | None:
    """The PI type an event collects, or None when it collects none (lifecycle, UI, own package...).

    ``user`` maps user-defined hook ids to the data type their config declares."""
    if event.kind != "hook:call":
        return None
    if user and event.hook in user:
        return user[event.hook]
    if event.hook == "settings.secure.getString":
        return "android-id" if len(event.args) > 1 and event.args[1] == "android_id" else None
    if event.hook == "resolver.query":
        return _PROVIDERS.get(_authority(event.args[0])) if event.args else None
    if event.hook == "process.start":
        command = event.target or ""
        return next((dt for needles, dt in _COMMANDS if all(n in command for n in needles)), None)
    if event.hook == "sysprop.get":
        return "device-serial" if event.args and event.args[0] in _SERIAL_PROPERTIES else None
    if event.hook == "pm.getPackageInfo":
        return "app-list" if event.args and event.args[0] != app_package else None
    return _BY_HOOK.get(event.hook)


def label(data_type: str) -> str:
    return LABELS.get(data_type, data_type)
