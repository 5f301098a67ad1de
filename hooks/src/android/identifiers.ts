import { plainValues, type HookSpec } from "../lib/registry.js";
import type { PiValue, ValueType } from "../protocol.js";
import { macOf } from "../lib/java.js";

function asValue(type: ValueType) {
    return plainValues((ret: unknown): PiValue[] => (typeof ret === "string" ? [{ type, value: ret }] : []));
}

const TM = "android.telephony.TelephonyManager";

/**
 * System properties that hold the hardware serial number. SystemProperties.get is hot on Android (the
 * framework reads hundreds of properties), so only reads of these keys are recorded.
 */
export const SERIAL_PROPERTIES: readonly string[] = ["ro.serialno", "ro.boot.serialno", "ril.serialnumber", "sys.serialnumber"];

/** Device identifiers: IMEI/MEID, IMSI, ICCID, line number, serial, Android ID, MACs, OAID, GAID. */
export const identifierHooks: HookSpec[] = [
    { id: "telephony.getDeviceId", className: TM, method: "getDeviceId", category: "identifiers", values: asValue("imei") },
    { id: "telephony.getImei", className: TM, method: "getImei", category: "identifiers", values: asValue("imei") },
    { id: "telephony.getMeid", className: TM, method: "getMeid", category: "identifiers", values: asValue("meid") },
    { id: "telephony.getSubscriberId", className: TM, method: "getSubscriberId", category: "identifiers", values: asValue("imsi") },
    { id: "telephony.getLine1Number", className: TM, method: "getLine1Number", category: "identifiers", values: asValue("phone_number") },
    { id: "telephony.getSimSerialNumber", className: TM, method: "getSimSerialNumber", category: "identifiers", values: asValue("iccid") },
    {
        id: "settings.secure.getString", className: "android.provider.Settings$Secure", method: "getString",
        category: "identifiers",
        // Typing only: the value is an Android ID when the key says so; other keys carry no PI type.
        values: plainValues((ret, args) => (args[1] === "android_id" && typeof ret === "string" ? [{ type: "android_id", value: ret }] : [])),
    },
    { id: "build.getSerial", className: "android.os.Build", method: "getSerial", category: "identifiers", values: asValue("serial") },
    {
        id: "sysprop.get", className: "android.os.SystemProperties", method: "get", category: "identifiers",
        argFilter: { index: 0, oneOf: SERIAL_PROPERTIES }, values: asValue("serial"),
    },
    {
        id: "bluetooth.getAddress", className: "android.bluetooth.BluetoothAdapter", method: "getAddress",
        category: "identifiers", values: asValue("mac"),
    },
    {
        id: "wifi.getMacAddress", className: "android.net.wifi.WifiInfo", method: "getMacAddress",
        category: "identifiers", values: asValue("mac"),
    },
    {
        id: "net.getHardwareAddress", className: "java.net.NetworkInterface", method: "getHardwareAddress",
        category: "identifiers", captureTarget: true,
        values: (ret) => {
            const mac = macOf(ret);
            return mac === null ? [] : [{ type: "mac", value: mac }];
        },
    },
    {
        id: "ads.gaid", className: "com.google.android.gms.ads.identifier.AdvertisingIdClient$Info", method: "getId",
        category: "identifiers", values: asValue("gaid"),
    },
    {
        id: "ads.oaid.hms", className: "com.huawei.hms.ads.identifier.AdvertisingIdClient$Info", method: "getId",
        category: "identifiers", values: asValue("oaid"),
    },
    {
        id: "ads.oaid.xiaomi", className: "com.android.id.impl.IdProviderImpl", method: "getOAID",
        category: "identifiers", values: asValue("oaid"),
    },
    // The MSA SDK hands the OAID to the app's listener through a vendor-specific IdSupplier: the
    // initialisation is the observable request.
    { id: "ads.oaid.msa", className: "com.bun.miitmdid.core.MdidSdkHelper", method: "InitSdk", category: "identifiers" },
];
