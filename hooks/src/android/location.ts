import type { HookSpec } from "../lib/registry.js";
import type { PiValue } from "../protocol.js";
import type { Wrapper } from "../lib/java.js";

function fix(ret: unknown): PiValue[] {
    if (ret === null || ret === undefined) {
        return [];
    }
    const loc = ret as Wrapper;
    const lat = Number(loc.getLatitude());
    const lon = Number(loc.getLongitude());
    return [{ type: "geo", value: String(lat) + "," + String(lon) }];
}

const LM = "android.location.LocationManager";

/** Location: last known fix and update requests. */
export const locationHooks: HookSpec[] = [
    { id: "location.getLastKnownLocation", className: LM, method: "getLastKnownLocation", category: "location", values: fix },
    { id: "location.requestLocationUpdates", className: LM, method: "requestLocationUpdates", category: "location" },
];
