// (v) a bare pass-through on privmon's direct entry (hooks/src/lib/direct.ts): the same entry as privmon's
// getDeviceId hook, calling the original and nothing else. privmon ÷ this is what recording costs.
import Java from "frida-java-bridge";
import { whenJvmReady } from "./jvm.js";
import { installDirect } from "./lib/direct.js";

whenJvmReady(() => {
    const TM = Java.use("android.telephony.TelephonyManager");
    installDirect(TM.getDeviceId.overload(), m => (env, self, raw) => m.call(env, self, raw));
});
