// (ii) a bare pass-through hook: replace, call the original, nothing else.
import Java from "frida-java-bridge";
import { whenJvmReady } from "./jvm.js";

whenJvmReady(() => {
    const TM = Java.use("android.telephony.TelephonyManager");
    TM.getDeviceId.overload().implementation = function (): string {
        return this.getDeviceId();
    };
});
