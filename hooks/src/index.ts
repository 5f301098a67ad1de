// privmon agent: Android privacy hooks. Runs on Android (ART) and on the sandbox device (HotSpot).
// Protocol: see protocol.ts (mirror of monitor/events.py). Hooks make no decisions; the host does.
import { accountHooks } from "./android/accounts.js";
import { appListHooks } from "./android/apps.js";
import { cameraHooks } from "./android/camera.js";
import { clipboardHooks } from "./android/clipboard.js";
import { consentHooks } from "./android/consent.js";
import { contactsHooks } from "./android/contacts.js";
import { identifierHooks } from "./android/identifiers.js";
import { lifecycleHooks } from "./android/lifecycle.js";
import { locationHooks } from "./android/location.js";
import { microphoneHooks } from "./android/microphone.js";
import { networkHooks } from "./android/network.js";
import { permissionHooks } from "./android/permissions.js";
import { processHooks } from "./android/process.js";
import { sensorHooks } from "./android/sensors.js";
import { appProxyHook, okhttpProxyHook } from "./android/traffic.js";
import { clickHook } from "./android/ui.js";
import { unpinHooks } from "./android/unpin.js";
import { blockQuicHook } from "./android/quic.js";
import { emitter } from "./emit.js";
import {
    Java, allowJvmExit, exitOutsideSafepoint, prepareStackCapture, prepareStackKeys, runtimeFlavor, settleJsThread,
} from "./lib/java.js";
import { HookRegistry } from "./lib/registry.js";
import { PROTOCOL_VERSION, type AgentReady, type InitConfig, type InitReply } from "./protocol.js";

let config: InitConfig | null = null;
let vmReady = Java.available;
let installed = false;

function installAll(): void {
    if (installed || config === null) {
        return;
    }
    installed = true;
    const registry = new HookRegistry({ stackDepth: config.stackDepth, directEntries: config.directEntries !== false });
    Java.perform(() => {
        try {
            prepareStackCapture();
        } catch (e) {
            emitter.fault("prepareStackCapture", e);  // stacks then go through the bridge's wrappers
        }
        if (runtimeFlavor() === "jvm") {
            try {
                prepareStackKeys();
            } catch (e) {
                emitter.fault("prepareStackKeys", e);  // every call's stack is then rendered by Java
            }
        }
        for (const spec of [
            ...identifierHooks, ...locationHooks, ...contactsHooks, ...microphoneHooks, ...clipboardHooks,
            ...appListHooks, ...permissionHooks, ...lifecycleHooks, ...networkHooks(config?.appProxy), ...cameraHooks, ...sensorHooks,
            ...accountHooks, ...processHooks, ...consentHooks,
        ]) {
            registry.install(spec);
        }
        for (const user of config?.userHooks ?? []) {
            registry.install({
                id: "user." + user.id, className: user.className, method: user.method, category: user.category,
                overloads: user.overload === undefined ? undefined : [user.overload], argFilter: user.argFilter,
            });
        }
        registry.installCustom(clickHook);
        if (config?.unpin === true) {
            for (const hook of unpinHooks) {
                registry.installCustom(hook);
            }
        }
        if (config?.blockQuic === true) {
            registry.installCustom(blockQuicHook);
        }
        if (config?.appProxy !== undefined) {
            registry.installCustom(appProxyHook(config.appProxy.host, config.appProxy.port));
            registry.installCustom(okhttpProxyHook(config.appProxy.host, config.appProxy.port));
        }
        try {
            exitOutsideSafepoint(() => emitter.flush());
        } catch (e) {
            emitter.fault("exitOutsideSafepoint", e);
        }
        settleJsThread();
        try {
            allowJvmExit();
        } catch (e) {
            emitter.fault("allowJvmExit", e);
        }
        const ready: AgentReady = {
            v: PROTOCOL_VERSION, type: "agent:ready", pid: Process.id, runtime: runtimeFlavor(), hooks: registry.statuses,
        };
        send(ready);
    });
}

// Spawn mode on HotSpot: libjvm.so is not loaded yet. Install when JNI_CreateJavaVM returns, on the
// launcher's JavaMain thread, before the main class is loaded: hooks precede the app's first line.
function armJvmCreation(): void {
    let armed = false;
    const arm = (m: Module): void => {
        if (armed) {
            return;
        }
        armed = true;
        const listener = Interceptor.attach(m.getExportByName("JNI_CreateJavaVM"), {
            onLeave() {
                listener.detach();
                vmReady = true;
                installAll();
            },
        });
    };
    const jvm = Process.findModuleByName("libjvm.so");
    if (jvm !== null) {
        arm(jvm);
    } else {
        Process.attachModuleObserver({
            onAdded(m: Module) {
                if (m.name === "libjvm.so") {
                    arm(m);
                }
            },
        });
    }
}

if (!vmReady) {
    armJvmCreation();
}

rpc.exports = {
    init(cfg: InitConfig): InitReply {
        config = cfg;
        emitter.flushIntervalMs = cfg.flushIntervalMs;
        emitter.maxBatch = cfg.maxBatch;
        if (vmReady) {
            installAll();
        }
        return { protocol: PROTOCOL_VERSION, javaAvailable: vmReady };
    },
    flush(): void {
        emitter.flush();
    },
};
