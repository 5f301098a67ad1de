/// <reference path="../types/frida-java-bridge-types.d.ts" />
import Java from "frida-java-bridge";
import { getPrimitiveType } from "frida-java-bridge/lib/types.js";

export { Java };

// frida-java-bridge 7.0.13: when a Java exception passes through a replaced method that returns a
// boolean, the bridge rethrows it and returns the type's default, `false`, to a uint8 NativeCallback,
// which rejects it ("expected an unsigned integer"): the app still gets its exception, but the agent
// reports a spurious fault. JNI's false is 0, the only place the bridge uses this default.
const jniBoolean = getPrimitiveType("boolean");
if (jniBoolean !== null) {
    jniBoolean.defaultValue = 0;
}

export type Wrapper = Java.Wrapper;

interface JavaClasses {
    Thread: Java.Wrapper;
    TextView: Java.Wrapper;
    Log: Java.Wrapper;
    Exception: Java.Wrapper;
}

let classes: JavaClasses | null = null;

function cls(): JavaClasses {
    if (classes === null) {
        classes = {
            Thread: Java.use("java.lang.Thread"),
            TextView: Java.use("android.widget.TextView"),
            Log: Java.use("android.util.Log"),
            Exception: Java.use("java.lang.Exception"),
        };
    }
    return classes;
}

/** "jvm" on HotSpot (the sandbox device), "art" on Android. */
export function runtimeFlavor(): "jvm" | "art" {
    const api = (Java as unknown as { api: { flavor?: string } }).api;
    return api.flavor === "jvm" ? "jvm" : "art";
}

/** The part of frida-java-bridge's JNIEnv wrapper the stack capture uses (the bridge types it as any). */
interface JniEnv {
    handle: NativePointer;
    findClass(name: string): NativePointer;
    getMethodId(klass: NativePointer, name: string, sig: string): NativePointer;
    getStaticMethodId(klass: NativePointer, name: string, sig: string): NativePointer;
    newGlobalRef(ref: NativePointer): NativePointer;
    deleteLocalRef(ref: NativePointer): void;
    stringFromJni(ref: NativePointer): string;
    throwIfExceptionPending(): void;
    constructor(argTypes: string[]): (env: NativePointer, klass: NativePointer, method: NativePointer) => NativePointer;
    staticVaMethod(ret: "pointer", argTypes: string[]):
        (env: NativePointer, klass: NativePointer, method: NativePointer, arg: NativePointer) => NativePointer;
}

function jniEnv(): JniEnv {
    return Java.vm.getEnv() as JniEnv;
}

/**
 * What the stack capture calls, resolved once (prepareStackCapture, on the agent's thread at install):
 * global references to Exception and Log, and their method ids, used through plain JNI. No wrapper objects
 * are made per call, and no class is ever looked up again: the bridge keeps only a handful of class
 * handles, and a re-lookup from inside a hooked method of a boot class (URL.openConnection) goes through
 * the boot loader, which on the sandbox does not see the framework (NoClassDefFoundError: android/util/Log).
 */
interface StackJni {
    exception: NativePointer;
    init: NativePointer;
    log: NativePointer;
    render: NativePointer;
    newObject: (env: NativePointer, klass: NativePointer, method: NativePointer) => NativePointer;
    callStatic: (env: NativePointer, klass: NativePointer, method: NativePointer, arg: NativePointer) => NativePointer;
}

let stackJni: StackJni | null = null;

export function prepareStackCapture(): void {
    const env = jniEnv();
    const global = (name: string): NativePointer => {
        const local = env.findClass(name);
        try {
            return env.newGlobalRef(local);
        } finally {
            env.deleteLocalRef(local);
        }
    };
    const exception = global("java/lang/Exception");
    const log = global("android/util/Log");
    stackJni = {
        exception,
        init: env.getMethodId(exception, "<init>", "()V"),
        log,
        render: env.getStaticMethodId(log, "getStackTraceString", "(Ljava/lang/Throwable;)Ljava/lang/String;"),
        newObject: env.constructor([]),
        callStatic: env.staticVaMethod("pointer", ["pointer"]),
    };
}

/** Log.getStackTraceString(new Exception()) through plain JNI (see StackJni). */
function stackText(jni: StackJni): string {
    const env = jniEnv();
    const here = jni.newObject(env.handle, jni.exception, jni.init);
    env.throwIfExceptionPending();
    try {
        const text = jni.callStatic(env.handle, jni.log, jni.render, here);
        env.throwIfExceptionPending();
        try {
            return env.stringFromJni(text);
        } finally {
            env.deleteLocalRef(text);
        }
    } finally {
        env.deleteLocalRef(here);
    }
}

/**
 * A call site's key on HotSpot: JVMTI GetStackTrace (no Java objects, no text) over the top KEY_FRAMES
 * frames, hashed in native code: the method id and bytecode index of each frame, which is all a rendered
 * frame is made of. A key seen before gives the stack rendered then, so a site's stack is rendered by
 * Java (Exception + Log.getStackTraceString, most of a hook's cost) once, not on every call. 53 bits of a
 * 64-bit mix (a JS number); 0 when JVMTI refuses. On ART every call is rendered (JVMTI is not there for a
 * normal app).
 */
const STACK_KEY_SOURCE = `
typedef struct { void * method; long long location; } FrameInfo;
typedef int (* GetStackTrace) (void * env, void * thread, int start_depth, int max_frames, FrameInfo * frames, int * count);

double
stack_key (void * env, GetStackTrace get, int max_frames)
{
  FrameInfo frames[64];
  int count = 0, i;
  unsigned long long h = 0x9e3779b97f4a7c15ULL;

  if (max_frames > 64)
    max_frames = 64;
  if (get (env, 0, 0, max_frames, frames, &count) != 0 || count <= 0)
    return 0;
  for (i = 0; i < count; i++)
  {
    h = (h ^ (unsigned long long) frames[i].method) * 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h = (h ^ (unsigned long long) frames[i].location) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
  }
  h = (h ^ (unsigned long long) count) * 0xff51afd7ed558ccdULL;
  h ^= h >> 32;
  h >>= 11;
  return h == 0 ? 1.0 : (double) (long long) h; /* signed: TinyCC has no unsigned 64-bit to double */
}
`;
const KEY_FRAMES = 64;
const MAX_SITES = 4096; // rendered stacks kept (then the cache starts again)

interface StackKeys {
    module: CModule; // kept alive: the function lives in it
    key: NativeFunction<number, [NativePointerValue, NativePointerValue, number]>;
    jvmti: NativePointer;
    getStackTrace: NativePointer;
}

let stackKeys: StackKeys | null = null;
const renderedStacks = new Map<number, string[]>();
let renderedDepth = -1;

/** JVMTI's GetStackTrace behind a native hash (see STACK_KEY_SOURCE); throws where there is no JVMTI. */
export function prepareStackKeys(): void {
    const jvmti = (Java as unknown as { api: { jvmti?: { handle: NativePointer; vtable: NativePointer } } }).api.jvmti;
    if (jvmti === undefined) {
        throw new Error("no JVMTI environment");
    }
    const module = new CModule(STACK_KEY_SOURCE);
    stackKeys = {
        module,
        // cooperative (the default): GetStackTrace enters the VM and may wait there for a safepoint, so
        // the JS lock is let go meanwhile; held, a safepoint that never ends (VM exit) would keep it from
        // Frida's exit monitor, which needs it to wind the agent down (see exitOutsideSafepoint)
        key: new NativeFunction(module.stack_key, "double", ["pointer", "pointer", "int"], { exceptions: "propagate" }),
        jvmti: jvmti.handle,
        getStackTrace: jvmti.vtable.add(103 * Process.pointerSize).readPointer(), // slot 104 of jvmtiInterface_1
    };
}

/**
 * The caller's Java stack, at most `depth` frames: on HotSpot rendered once per call site (see
 * STACK_KEY_SOURCE), elsewhere on every call.
 */
export function javaStack(depth: number): string[] {
    if (stackKeys !== null) {
        const key = stackKeys.key(stackKeys.jvmti, stackKeys.getStackTrace, KEY_FRAMES);
        if (key !== 0) {
            if (depth !== renderedDepth || renderedStacks.size >= MAX_SITES) {
                renderedStacks.clear();
                renderedDepth = depth;
            }
            let stack = renderedStacks.get(key);
            if (stack === undefined) {
                stack = renderStack(depth);
                renderedStacks.set(key, stack);
            }
            return stack;
        }
    }
    return renderStack(depth);
}

/**
 * The caller's Java stack rendered by Java, at most `depth` frames. One JNI round trip (the stack as text
 * from Log.getStackTraceString) instead of one per frame: the frame-by-frame walk dominated a hook's cost.
 */
function renderStack(depth: number): string[] {
    const text = stackJni !== null ? stackText(stackJni) : String(cls().Log.getStackTraceString(cls().Exception.$new()));
    const out: string[] = [];
    for (const line of text.split("\n")) {
        if (line.startsWith("\tat ")) {
            out.push(line.substring(4));
            if (out.length >= depth) {
                break;
            }
        }
    }
    return out;
}

const threads = new Map<number, { id: number; name: string }>();

/**
 * Native thread id and Java thread name of the calling thread (ID, if the caller has it already). Cached
 * per thread, one object shared by its events: asking Java on every call is costly.
 */
export function threadInfo(id: number = Process.getCurrentThreadId()): { id: number; name: string } {
    let info = threads.get(id);
    if (info === undefined) {
        let name: string;
        try {
            name = String(cls().Thread.currentThread().getName());
        } catch (e) {
            name = "?";
        }
        info = { id, name };
        threads.set(id, info);
    }
    return info;
}

/** Text of a view if it is a TextView (Button included), else "". */
export function viewText(view: Java.Wrapper): string {
    const TextView = cls().TextView;
    if (!TextView.class.isInstance(view)) {
        return "";
    }
    const text = Java.cast(view, TextView).getText();
    return text === null ? "" : String(text.toString());
}

/** Render a Java/JS value for the event record (never throws). */
export function safeString(value: unknown): string | null {
    if (value === null || value === undefined) {
        return null;
    }
    const t = typeof value;
    if (t === "string" || t === "number" || t === "boolean") {
        return String(value);
    }
    try {
        if (Array.isArray(value) || (typeof (value as { length?: unknown }).length === "number" && !(value as { $className?: string }).$className)) {
            const items: string[] = [];
            const arr = value as ArrayLike<unknown>;
            for (let i = 0; i < arr.length && i < 32; i++) {
                items.push(safeString(arr[i]) ?? "null");
            }
            return "[" + items.join(", ") + "]";
        }
        return String((value as { toString(): string }).toString());
    } catch (e) {
        return "<unprintable>";
    }
}

/**
 * CLOCK_MONOTONIC in nanoseconds as a double, from native code: one native call a reading, no reads of
 * a timespec from JS (each NativePointer read is a call of its own). ``long`` is the platform's: 64-bit
 * fields on 64-bit processes, 32-bit ones on 32-bit ARM, as struct timespec has them.
 */
const MONO_SOURCE = `
extern int clock_gettime (int clock, void * ts);

double
mono_ns (void)
{
  struct { long tv_sec; long tv_nsec; } t;

  if (clock_gettime (1, &t) != 0)
    return 0;
  return (double) t.tv_sec * 1e9 + (double) t.tv_nsec;
}
`;

interface MonoClock {
    module: CModule | null; // kept alive: the function lives in it
    read: () => number;
}

function monoClock(): MonoClock | null {
    const addr = Module.findGlobalExportByName("clock_gettime");
    if (addr === null) {
        return null;
    }
    // exclusive: the JS lock is kept through the call (clock_gettime never blocks, nothing to hand over)
    try {
        const module = new CModule(MONO_SOURCE, { clock_gettime: addr });
        const fn = new NativeFunction(module.mono_ns, "double", [], { scheduling: "exclusive" });
        return { module, read: () => fn() };
    } catch (e) {
        // no CModule on this platform: clock_gettime into a timespec read from JS (32-bit words)
        const gettime = new NativeFunction(addr, "int", ["int", "pointer"], { scheduling: "exclusive" });
        const timespec = Memory.alloc(16);
        const lp64 = Process.pointerSize === 8;
        const nsec = timespec.add(lp64 ? 8 : 4);
        const secHigh = timespec.add(4);
        return {
            module: null,
            read: (): number => {
                if (gettime(1, timespec) !== 0) {
                    return 0;
                }
                const sec = lp64 ? secHigh.readS32() * 4294967296 + timespec.readU32() : timespec.readS32(); // little-endian
                return sec * 1e9 + nsec.readU32(); // tv_nsec < 1e9
            },
        };
    }
}

const clock = monoClock();

/** CLOCK_MONOTONIC in nanoseconds (0 if unavailable). */
export function monotonicNs(): number {
    return clock === null ? 0 : clock.read();
}

/**
 * HotSpot workaround (frida-jvm-lab gotcha 1): swapping implementations leaves Frida's JS thread
 * in _thread_in_vm and the next safepoint freezes the JVM. One JNI call on that thread settles it.
 */
export function settleJsThread(): void {
    if (runtimeFlavor() !== "jvm") {
        return;
    }
    setTimeout(() => Java.perform(() => {
        const env = Java.vm.getEnv() as unknown as { pushLocalFrame(n: number): void; popLocalFrame(p: NativePointer): void };
        env.pushLocalFrame(1);
        env.popLocalFrame(NULL);
    }), 0);
}

/**
 * HotSpot workaround (gotcha 2): the bridge attaches the JS thread as a non-daemon thread, so
 * DestroyJavaVM would wait for it forever. Detach it when the launcher destroys the VM.
 */
export function allowJvmExit(): void {
    if (runtimeFlavor() !== "jvm") {
        return;
    }
    const vm = Java.vm as unknown as { handle: NativePointer; detachCurrentThread(): void };
    const destroyJavaVM = vm.handle.readPointer().add(3 * Process.pointerSize).readPointer();
    Interceptor.attach(destroyJavaVM, {
        onEnter() {
            setTimeout(() => {
                try {
                    vm.detachCurrentThread();
                } catch (e) {
                    // Already detached: nothing left to release.
                }
            }, 0);
        },
    });
}

/**
 * HotSpot workaround for a deadlock at System.exit / Runtime.halt. The JVM ends a process from its VM
 * thread, inside the VM_Exit safepoint, by calling libc exit(); Frida's exit monitor then waits for the
 * agent to wind down, which needs Frida's JS thread, and that thread may be blocked entering the VM
 * (a JNI call such as the bridge's DeleteGlobalRef) until the safepoint ends: it never does. Observed
 * with gdb: VM thread in exit() -> frida-agent, JS thread in jni_DeleteGlobalRef ->
 * SafepointSynchronize::block. The more JS work the hooks cause (libc hooks on every send), the likelier.
 *
 * java.lang.Shutdown.halt0 is where both System.exit (after the shutdown hooks ran) and Runtime.halt end.
 * It is replaced by: flush the agent's events (``beforeExit``), then libc _exit(status) from this Java
 * thread, which is in native state (so safepoints can complete) and releases the JS lock while it
 * calls (cooperative scheduling): Frida's exit monitor winds the agent down with no safepoint held.
 * The JVM's own teardown is skipped, as after a kill; the sandbox runs with -XX:-UsePerfData so that
 * leaves nothing behind. ART (phones) ends processes differently and is left alone.
 */
export function exitOutsideSafepoint(beforeExit: () => void): void {
    if (runtimeFlavor() !== "jvm") {
        return;
    }
    const exitNow = new NativeFunction(Module.getGlobalExportByName("_exit"), "void", ["int"], { scheduling: "cooperative" });
    const Shutdown = Java.use("java.lang.Shutdown");
    Shutdown.halt0.implementation = function (status: number): void {
        beforeExit();
        exitNow(status);
    };
}

/** OBJ seen as its runtime class (a wrapper typed by a declared supertype hides subclass methods). */
export function asRuntimeClass(obj: Wrapper): Wrapper {
    return Java.cast(obj, Java.use(String(obj.getClass().getName())));
}

/** The elements of a java.util.List (or array) as wrappers of their runtime classes. */
export function javaItems(list: unknown): Wrapper[] {
    if (list === null || list === undefined) {
        return [];
    }
    const out: Wrapper[] = [];
    const asList = list as Wrapper;
    if (typeof asList.size === "function") {
        const n = Number(asList.size());
        for (let i = 0; i < n; i++) {
            const item = asList.get(i) as Wrapper | null;
            if (item !== null) {
                out.push(asRuntimeClass(item));
            }
        }
        return out;
    }
    const arr = list as ArrayLike<Wrapper | null>;
    for (let i = 0; i < arr.length; i++) {
        const item = arr[i];
        if (item !== null) {
            out.push(item);
        }
    }
    return out;
}

let systemClass: Wrapper | null = null;

/** "Class@identityHash" of an object: the same object gives the same string for its lifetime. */
export function identityOf(obj: Wrapper): string {
    if (systemClass === null) {
        systemClass = Java.use("java.lang.System");
    }
    return String(obj.$className) + "@" + Number(systemClass.identityHashCode(obj)).toString(16);
}

/** A hardware address (byte[]) as "aa:bb:cc:dd:ee:ff"; null for none. */
export function macOf(bytes: unknown): string | null {
    if (bytes === null || bytes === undefined) {
        return null;
    }
    const arr = bytes as ArrayLike<number>;
    const parts: string[] = [];
    for (let i = 0; i < arr.length; i++) {
        parts.push((Number(arr[i]) & 0xff).toString(16).padStart(2, "0"));
    }
    return parts.length === 0 ? null : parts.join(":");
}
