import type { HookSpec } from "../lib/registry.js";

/** Installed-app list and package queries. */
export const appListHooks: HookSpec[] = [
    { id: "pm.getInstalledPackages", className: "android.app.ApplicationPackageManager", method: "getInstalledPackages", category: "app_list" },
    { id: "pm.getPackageInfo", className: "android.app.ApplicationPackageManager", method: "getPackageInfo", category: "app_list" },
];
