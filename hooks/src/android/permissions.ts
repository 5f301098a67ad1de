import type { HookSpec } from "../lib/registry.js";

/** Runtime permissions: checks, requests and the results delivered back to the activity. */
export const permissionHooks: HookSpec[] = [
    { id: "permission.request", className: "android.app.Activity", method: "requestPermissions", category: "permission" },
    { id: "permission.result", className: "android.app.Activity", method: "dispatchRequestPermissionsResult", category: "permission" },
    { id: "permission.check", className: "android.content.ContextWrapper", method: "checkSelfPermission", category: "permission" },
];
