// (iii) Camille-style: one send() per call carrying the full Java stack as text.
import Java from "frida-java-bridge";

function install(): void {
    Java.perform(() => {
        const TM = Java.use("android.telephony.TelephonyManager");
        TM.getDeviceId.overload().implementation = function (): string {
            const ret = this.getDeviceId();
            const Log = Java.use("android.util.Log");
            const Exception = Java.use("java.lang.Exception");
            send({ api: "TelephonyManager.getDeviceId", ret, stack: Log.getStackTraceString(Exception.$new()) });
            return ret;
        };
    });
    settle();
}

function settle(): void {
    setTimeout(() => Java.perform(() => {
        const env = Java.vm.getEnv() as unknown as { pushLocalFrame(n: number): void; popLocalFrame(p: NativePointer): void };
        env.pushLocalFrame(1);
        env.popLocalFrame(NULL);
    }), 0);
}

const jvm = Process.findModuleByName("libjvm.so");
const arm = (m: Module): void => {
    const l = Interceptor.attach(m.getExportByName("JNI_CreateJavaVM"), { onLeave() { l.detach(); install(); } });
};
if (jvm !== null) {
    arm(jvm);
} else {
    Process.attachModuleObserver({ onAdded(m: Module) { if (m.name === "libjvm.so") { arm(m); } } });
}
