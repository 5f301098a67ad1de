import type { HookSpec } from "../lib/registry.js";
import type { Wrapper } from "../lib/java.js";

/**
 * Commands run by the app (getprop ro.serialno, cat /sys/class/net/wlan0/address...). Every
 * Runtime.exec overload ends in ProcessBuilder.start, so this is one event per command; the target
 * is the command line. Failed attempts are events too (thrown).
 */
export const processHooks: HookSpec[] = [
    {
        id: "process.start", className: "java.lang.ProcessBuilder", method: "start", category: "process", overloads: [[]],
        captureTarget: (self: Wrapper) => String(self.command().toString()),
    },
];
