import type { HookSpec } from "../lib/registry.js";

/** App and activity lifecycle, for the timeline (foreground/background context). */
export const lifecycleHooks: HookSpec[] = [
    { id: "lifecycle.Application.onCreate", className: "android.app.Application", method: "onCreate", category: "lifecycle" },
    { id: "lifecycle.Activity.onCreate", className: "android.app.Activity", method: "onCreate", category: "lifecycle" },
    { id: "lifecycle.Activity.onResume", className: "android.app.Activity", method: "onResume", category: "lifecycle" },
    { id: "lifecycle.Activity.onPause", className: "android.app.Activity", method: "onPause", category: "lifecycle" },
    { id: "lifecycle.Activity.onDestroy", className: "android.app.Activity", method: "onDestroy", category: "lifecycle" },
    { id: "lifecycle.Activity.finish", className: "android.app.Activity", method: "finish", category: "lifecycle", overloads: [[]], captureTarget: true },
    // The app ending its own process (after a refusal, say): recorded and flushed before it happens.
    { id: "lifecycle.Runtime.exit", className: "java.lang.Runtime", method: "exit", category: "lifecycle", mayNotReturn: true },
    { id: "lifecycle.Process.killProcess", className: "android.os.Process", method: "killProcess", category: "lifecycle", mayNotReturn: true },
];
