import type { HookSpec } from "../lib/registry.js";

/** Connections opened by app code: the stack lets the host attribute each flow to the app or an SDK. */
export const networkHooks: HookSpec[] = [
    { id: "net.URL.openConnection", className: "java.net.URL", method: "openConnection", category: "network", captureTarget: true },
];
