import type { HookSpec } from "../lib/registry.js";

/**
 * Signal 3: what the app tells its SDKs about consent. Chinese SDKs require the app to call a
 * privacy-consent method once the user agrees; IAB TCF consent platforms store the user's choice in
 * shared preferences (IABTCF_*). Every overload is hooked, since signatures differ between SDK
 * versions; the arguments are recorded and the host reads them (hooks make no decisions). The
 * classes are absent from most apps: these hooks are optional.
 */
function sdk(id: string, className: string, method: string): HookSpec {
    return { id: "consent." + id, className, method, category: "consent", optional: true };
}

export const consentHooks: HookSpec[] = [
    sdk("umeng.submitPolicyGrantResult", "com.umeng.commonsdk.UMConfigure", "submitPolicyGrantResult"),
    sdk("umeng.preInit", "com.umeng.commonsdk.UMConfigure", "preInit"),
    sdk("umeng.init", "com.umeng.commonsdk.UMConfigure", "init"),
    sdk("amap.location.updatePrivacyShow", "com.amap.api.location.AMapLocationClient", "updatePrivacyShow"),
    sdk("amap.location.updatePrivacyAgree", "com.amap.api.location.AMapLocationClient", "updatePrivacyAgree"),
    sdk("amap.maps.updatePrivacyShow", "com.amap.api.maps.MapsInitializer", "updatePrivacyShow"),
    sdk("amap.maps.updatePrivacyAgree", "com.amap.api.maps.MapsInitializer", "updatePrivacyAgree"),
    sdk("amap.services.updatePrivacyAgree", "com.amap.api.services.core.ServiceSettings", "updatePrivacyAgree"),
    sdk("jiguang.setAuth", "cn.jiguang.api.utils.JCollectionAuth", "setAuth"),
    sdk("baidu.location.setAgreePrivacy", "com.baidu.location.LocationClient", "setAgreePrivacy"),
    sdk("baidu.map.setAgreePrivacy", "com.baidu.mapapi.SDKInitializer", "setAgreePrivacy"),
    sdk("tencent.location.setUserAgreePrivacy", "com.tencent.map.geolocation.TencentLocationManager", "setUserAgreePrivacy"),
    {
        id: "consent.iabtcf.putString", className: "android.app.SharedPreferencesImpl$EditorImpl", method: "putString",
        category: "consent", argFilter: { index: 0, oneOf: ["IABTCF_TCString", "IABTCF_PurposeConsents"] },
    },
];
