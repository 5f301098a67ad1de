import type { HookSpec } from "../lib/registry.js";

/** Installed-app list and package queries. */
export const appListHooks: HookSpec[] = [
    { id: "pm.getInstalledPackages", className: "android.content.pm.PackageManager", method: "getInstalledPackages", category: "app_list" },
    { id: "pm.getPackageInfo", className: "android.content.pm.PackageManager", method: "getPackageInfo", category: "app_list" },
];
