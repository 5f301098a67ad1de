import type { HookSpec } from "../lib/registry.js";

/** Installed-app list, package queries and running processes. */
export const appListHooks: HookSpec[] = [
    { id: "pm.getInstalledPackages", className: "android.app.ApplicationPackageManager", method: "getInstalledPackages", category: "app_list" },
    { id: "pm.getPackageInfo", className: "android.app.ApplicationPackageManager", method: "getPackageInfo", category: "app_list" },
    {
        id: "pm.getInstalledApplications", className: "android.app.ApplicationPackageManager", method: "getInstalledApplications",
        category: "app_list",
    },
    { id: "am.getRunningAppProcesses", className: "android.app.ActivityManager", method: "getRunningAppProcesses", category: "app_list" },
];
