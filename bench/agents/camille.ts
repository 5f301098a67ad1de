// (iii) Camille-style: one send() per call carrying the full Java stack as text.
import Java from "frida-java-bridge";
import { whenJvmReady } from "./jvm.js";

whenJvmReady(() => {
    const TM = Java.use("android.telephony.TelephonyManager");
    TM.getDeviceId.overload().implementation = function (): string {
        const ret = this.getDeviceId();
        const Log = Java.use("android.util.Log");  // looked up per call, as measured in bench/README.md
        const Exception = Java.use("java.lang.Exception");
        send({ api: "TelephonyManager.getDeviceId", ret, stack: Log.getStackTraceString(Exception.$new()) });
        return ret;
    };
});
