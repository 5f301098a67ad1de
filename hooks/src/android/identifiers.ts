import type { HookSpec } from "../lib/registry.js";
import type { PiValue, ValueType } from "../protocol.js";

function asValue(type: ValueType) {
    return (ret: unknown): PiValue[] => (typeof ret === "string" ? [{ type, value: ret }] : []);
}

const TM = "android.telephony.TelephonyManager";

/** Device identifiers: IMEI, IMSI, ICCID, line number, Android ID, Wi-Fi MAC. */
export const identifierHooks: HookSpec[] = [
    { id: "telephony.getDeviceId", className: TM, method: "getDeviceId", category: "identifiers", values: asValue("imei") },
    { id: "telephony.getImei", className: TM, method: "getImei", category: "identifiers", values: asValue("imei") },
    { id: "telephony.getSubscriberId", className: TM, method: "getSubscriberId", category: "identifiers", values: asValue("imsi") },
    { id: "telephony.getLine1Number", className: TM, method: "getLine1Number", category: "identifiers", values: asValue("phone_number") },
    { id: "telephony.getSimSerialNumber", className: TM, method: "getSimSerialNumber", category: "identifiers", values: asValue("iccid") },
    {
        id: "settings.secure.getString", className: "android.provider.Settings$Secure", method: "getString",
        category: "identifiers",
        // Typing only: the value is an Android ID when the key says so; other keys carry no PI type.
        values: (ret, args) => (args[1] === "android_id" && typeof ret === "string" ? [{ type: "android_id", value: ret }] : []),
    },
    { id: "build.getSerial", className: "android.os.Build", method: "getSerial", category: "identifiers", values: asValue("serial") },
    {
        id: "bluetooth.getAddress", className: "android.bluetooth.BluetoothAdapter", method: "getAddress",
        category: "identifiers", values: asValue("mac"),
    },
    {
        id: "wifi.getMacAddress", className: "android.net.wifi.WifiInfo", method: "getMacAddress",
        category: "identifiers", values: asValue("mac"),
    },
];
