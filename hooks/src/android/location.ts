import type { HookSpec } from "../lib/registry.js";
import type { PiValue } from "../protocol.js";
import { asRuntimeClass, identityOf, javaItems, type Wrapper } from "../lib/java.js";

function geo(lat: unknown, lon: unknown): PiValue {
    return { type: "geo", value: String(Number(lat)) + "," + String(Number(lon)) };
}

function fix(ret: unknown): PiValue[] {
    if (ret === null || ret === undefined) {
        return [];
    }
    const loc = ret as Wrapper;
    return [geo(loc.getLatitude(), loc.getLongitude())];
}

/** The serving or neighbouring cells as "LAC/TAC-CID" (GSM, WCDMA, LTE; NR as "TAC-NCI"). */
function cells(ret: unknown): PiValue[] {
    const out: PiValue[] = [];
    for (const info of javaItems(ret)) {
        if (info.getCellIdentity === undefined) {
            continue;
        }
        const ident = asRuntimeClass(info.getCellIdentity() as Wrapper);
        const area = ident.getTac !== undefined ? ident.getTac() : ident.getLac !== undefined ? ident.getLac() : null;
        const cell = ident.getCi !== undefined ? ident.getCi() : ident.getCid !== undefined ? ident.getCid() : ident.getNci !== undefined ? ident.getNci() : null;
        if (area !== null && cell !== null) {
            out.push({ type: "cell", value: String(area) + "-" + String(cell) });
        }
    }
    return out;
}

function cellLocation(ret: unknown): PiValue[] {
    if (ret === null || ret === undefined) {
        return [];
    }
    const gsm = asRuntimeClass(ret as Wrapper);
    return gsm.getLac === undefined ? [] : [{ type: "cell", value: String(gsm.getLac()) + "-" + String(gsm.getCid()) }];
}

function bssid(ret: unknown): PiValue[] {
    return typeof ret === "string" ? [{ type: "wifi", value: ret }] : [];
}

function scanResults(ret: unknown): PiValue[] {
    return javaItems(ret).map(ap => ({ type: "wifi" as const, value: String(ap.BSSID.value) }));
}

const LM = "android.location.LocationManager";
const TM = "android.telephony.TelephonyManager";
const FUSED = "com.google.android.gms.location.FusedLocationProviderClient";

/** Location: providers, fused provider, fixes read, geocoding, cells and Wi-Fi access points. */
export const locationHooks: HookSpec[] = [
    { id: "location.getLastKnownLocation", className: LM, method: "getLastKnownLocation", category: "location", values: fix },
    { id: "location.requestLocationUpdates", className: LM, method: "requestLocationUpdates", category: "location" },
    { id: "location.requestSingleUpdate", className: LM, method: "requestSingleUpdate", category: "location" },
    { id: "location.getCurrentLocation", className: LM, method: "getCurrentLocation", category: "location" },
    // The same Location object read twice is one collection: the target names the object.
    {
        id: "location.Location.getLatitude", className: "android.location.Location", method: "getLatitude", category: "location",
        captureTarget: identityOf, values: (_ret, _args, self) => fix(self),
    },
    {
        id: "location.Location.getLongitude", className: "android.location.Location", method: "getLongitude", category: "location",
        captureTarget: identityOf, values: (_ret, _args, self) => fix(self),
    },
    { id: "location.fused.getLastLocation", className: FUSED, method: "getLastLocation", category: "location" },
    { id: "location.fused.requestLocationUpdates", className: FUSED, method: "requestLocationUpdates", category: "location" },
    {
        id: "location.geocoder.getFromLocation", className: "android.location.Geocoder", method: "getFromLocation", category: "location",
        values: (_ret, args) => [geo(args[0], args[1])],
    },
    { id: "location.geocoder.getFromLocationName", className: "android.location.Geocoder", method: "getFromLocationName", category: "location" },
    { id: "cell.getAllCellInfo", className: TM, method: "getAllCellInfo", category: "location", values: cells },
    { id: "cell.getCellLocation", className: TM, method: "getCellLocation", category: "location", values: cellLocation },
    { id: "wifi.getBSSID", className: "android.net.wifi.WifiInfo", method: "getBSSID", category: "location", values: bssid },
    { id: "wifi.getSSID", className: "android.net.wifi.WifiInfo", method: "getSSID", category: "location" },
    { id: "wifi.getScanResults", className: "android.net.wifi.WifiManager", method: "getScanResults", category: "location", values: scanResults },
];
