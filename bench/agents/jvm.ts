// Shared by the benchmark's comparison agents: install once the JVM exists (spawn mode), then apply
// the HotSpot safepoint workaround (see shared/research/frida-jvm-lab.md, gotcha 1).
import Java from "frida-java-bridge";

function settle(): void {
    setTimeout(() => Java.perform(() => {
        const env = Java.vm.getEnv() as unknown as { pushLocalFrame(n: number): void; popLocalFrame(p: NativePointer): void };
        env.pushLocalFrame(1);
        env.popLocalFrame(NULL);
    }), 0);
}

export function whenJvmReady(install: () => void): void {
    const arm = (m: Module): void => {
        const l = Interceptor.attach(m.getExportByName("JNI_CreateJavaVM"), {
            onLeave() {
                l.detach();
                Java.perform(install);
                settle();
            },
        });
    };
    const jvm = Process.findModuleByName("libjvm.so");
    if (jvm !== null) {
        arm(jvm);
    } else {
        Process.attachModuleObserver({ onAdded(m: Module) { if (m.name === "libjvm.so") { arm(m); } } });
    }
}
