import { Java, runtimeFlavor } from "./java.js";

/**
 * Direct entry for hooks on HotSpot (the sandbox device).
 *
 * frida-java-bridge replaces a method with a native one whose body wraps every call for JS: a wrapper
 * object for `this`, every argument and the return value converted to JS and back, the original called
 * through the bridge's method object (a local frame, a look-up of the current thread's JNIEnv, an
 * exception check), about twenty JNI calls in all. On the sandbox that is ~22-35 µs a call, most of a
 * hook's cost, before the hook does anything (bench/README.md). A direct entry keeps the bridge's
 * replacement (its install, revert and unload) but gives the replaced method a native body of the
 * agent's own: the arguments arrive as raw JNI values, the original runs through one JNI call, its raw
 * result goes back to the app unconverted, and only what the hook records is converted to JS (a string
 * in one native call).
 *
 * Only for methods whose arguments and result are primitives or String (identifier getters, system
 * properties and the like: the hot ones), so no wrapper object is ever needed; other methods keep the
 * bridge's entry. Not on ART: the bridge's ART replacement calls originals in another way, and no ART
 * runs here to test one.
 */

/** The part of frida-java-bridge's JNIEnv wrapper used here (the bridge types it as any). */
interface Env {
    handle: NativePointer;
    nonvirtualVaMethod(ret: string, args: string[]): (...a: unknown[]) => unknown;
    staticVaMethod(ret: string, args: string[]): (...a: unknown[]) => unknown;
    vaMethod(ret: string, args: string[]): (...a: unknown[]) => unknown;
    exceptionOccurred(): NativePointer;
    exceptionClear(): void;
    throw(obj: NativePointer): void;
    stringFromJni(ref: NativePointer): string;
    deleteLocalRef(ref: NativePointer): void;
    newGlobalRef(ref: NativePointer): NativePointer;
    javaLangObject(): { toString: NativePointer };
}

/** The bridge's per-method replacement state on HotSpot (frida-java-bridge 7, lib/jvm.js JvmMethodMangler). */
interface JvmMangler {
    impl: NativeCallback<NativeCallbackReturnType, NativeCallbackArgumentType[]>;
    resolveTarget(wrapper: null, isInstance: boolean, env: null, api: null): NativePointer;
}

/**
 * After a call: -2 if an exception is pending; else, for STR, -1 for null, the length in UTF-16 units
 * if it fits CAP (the characters copied to BUF), or -3 - length if it does not. CHECK 0 skips the
 * exception check (arguments). JNI function table slots: GetStringLength 164, GetStringRegion 220,
 * ExceptionCheck 228.
 */
const RESULT_SOURCE = `
typedef unsigned short jchar;
typedef unsigned char (* ExceptionCheck) (void * env);
typedef int (* GetStringLength) (void * env, void * str);
typedef void (* GetStringRegion) (void * env, void * str, int start, int len, jchar * buf);

int
jni_result (void * env, int check, void * str, jchar * buf, int cap)
{
  void ** fns = *(void ***) env;
  int len;

  if (check && ((ExceptionCheck) fns[228]) (env))
    return -2;
  if (str == 0)
    return -1;
  len = ((GetStringLength) fns[164]) (env, str);
  if (len > cap)
    return -3 - len;
  ((GetStringRegion) fns[220]) (env, str, 0, len, buf);
  return len;
}
`;

const THROWN = -2;
const NULL_STRING = -1;
const BUFFER_CHARS = 256;

interface Results {
    module: CModule; // kept alive: the function lives in it
    // cooperative (the default): JNI functions may wait at a safepoint; the JS lock is let go meanwhile
    // (see prepareStackKeys in java.ts)
    read: NativeFunction<number, [NativePointerValue, number, NativePointerValue, NativePointerValue, number]>;
}

let results: Results | null = null;

function resultReader(): Results {
    if (results === null) {
        const module = new CModule(RESULT_SOURCE);
        results = {
            module,
            read: new NativeFunction(module.jni_result, "int", ["pointer", "int", "pointer", "pointer", "int"], { exceptions: "propagate" }),
        };
    }
    return results;
}

/** Per thread (the JS lock is let go while a string is copied): a buffer for strings' characters. */
const buffers = new Map<number, { buf: NativePointer; cap: number }>();

function bufferOf(tid: number, chars: number): { buf: NativePointer; cap: number } {
    let b = buffers.get(tid);
    if (b === undefined || b.cap < chars) {
        const cap = Math.max(chars, BUFFER_CHARS);
        b = { buf: Memory.alloc(cap * 2), cap };
        buffers.set(tid, b);
    }
    return b;
}

/**
 * The pending exception, cleared (the hook's own JNI calls may not run with one pending) and held for
 * DirectMethod.rethrow, with its text (its toString()).
 */
function takePending(): Thrown {
    const env = Java.vm.getEnv() as unknown as Env;
    const thrown = env.exceptionOccurred();
    env.exceptionClear();
    const text = env.vaMethod("pointer", [])(env.handle, thrown, env.javaLangObject().toString) as NativePointer;
    const failed = env.exceptionOccurred();
    if (!failed.isNull()) {
        env.exceptionClear();
        env.deleteLocalRef(failed);
        return new Thrown(thrown, "<unprintable>");
    }
    if (text.isNull()) {
        return new Thrown(thrown, "null"); // a toString() that returns null
    }
    try {
        return new Thrown(thrown, env.stringFromJni(text));
    } finally {
        env.deleteLocalRef(text);
    }
}

/** A call that ended in an exception: the app gets it when DirectMethod.rethrow is called. */
export class Thrown {
    constructor(readonly ref: NativePointer, readonly text: string) {}
}

type FromRaw = ((env: NativePointer, raw: unknown, tid: number) => unknown) | null;

/**
 * How a raw argument or result of type T becomes the JS value the bridge would give: a function, null
 * (the raw value as it is), or undefined for a type the direct entry does not take (objects but String).
 */
function converter(t: Java.Type): FromRaw | undefined {
    if (t.className === "java.lang.String") {
        return (env, raw, tid) => stringOf(env, raw as NativePointer, tid, false);
    }
    if (t.type === "pointer") {
        return undefined;
    }
    return t.fromJni === undefined ? null : (_env, raw) => (t.fromJni as (v: unknown) => unknown)(raw);
}

function stringOf(env: NativePointer, ref: NativePointer, tid: number, check: boolean): string | null | Thrown {
    const reader = resultReader();
    let b = bufferOf(tid, 0);
    let n = reader.read(env, check ? 1 : 0, ref, b.buf, b.cap);
    if (n === THROWN) {
        return takePending();
    }
    if (n === NULL_STRING) {
        return null;
    }
    if (n < 0) {
        b = bufferOf(tid, -3 - n);
        n = reader.read(env, 0, ref, b.buf, b.cap);
    }
    return n === 0 ? "" : b.buf.readUtf16String(n) as string;
}

/** A replaced method's direct entry: what the hook's body uses. */
export interface DirectMethod {
    /** The arguments as the bridge would give them to JS (primitives, strings). */
    args(env: NativePointer, raw: unknown[], tid: number): unknown[];
    /** Runs the original method with the app's own arguments; its raw result. */
    call(env: NativePointer, self: NativePointer, raw: unknown[]): unknown;
    /**
     * After `call`: a Thrown if the original threw (the exception is held, not pending, until `rethrow`:
     * call it before the entry returns), else its result as JS (WANT false: undefined, only the
     * exception is checked).
     */
    result(env: NativePointer, ret: unknown, tid: number, want: boolean): unknown;
    /** The exception of a Thrown made pending again: the app gets it when the entry returns. */
    rethrow(thrown: Thrown): void;
}

/** The hook's body: called with the JNIEnv, `this` (or the class of a static method) and the raw arguments. */
export type DirectBody = (env: NativePointer, self: NativePointer, raw: unknown[]) => unknown;

/** Entries kept alive for as long as the agent (the bridge keeps its own replacement, not ours). */
const entries: NativeCallback<NativeCallbackReturnType, NativeCallbackArgumentType[]>[] = [];

/** Whether OVERLOAD can take a direct entry here: HotSpot, and primitives and strings only. */
export function directEligible(overload: Java.Method): boolean {
    if (runtimeFlavor() !== "jvm" || overload.type === 1) { // 1: constructor
        return false;
    }
    const ret = overload.returnType;
    // float arguments left out: a variadic JNI call takes them promoted to double (none of the hooked
    // methods of primitives and strings has one)
    return (ret.type === "void" || converter(ret) !== undefined)
        && overload.argumentTypes.every(t => t.type !== "float" && converter(t) !== undefined);
}

/**
 * Replace OVERLOAD (eligible: see directEligible) with BODY as its direct entry. Throws if the bridge's
 * internals are not as expected, with the method left unreplaced: the caller then uses the bridge's entry.
 */
export function installDirect(overload: Java.Method, makeBody: (m: DirectMethod) => DirectBody): void {
    // the bridge's own replacement first: its install, revert and unload stay the bridge's; only the
    // native body it installs (on its next tick) is swapped for the direct entry below
    overload.implementation = function (this: unknown): unknown {
        throw new Error("the direct entry replaces this body");
    };
    try {
        const mangler = (overload as unknown as { _r?: { _m?: JvmMangler } })._r?._m;
        if (mangler === undefined || !("impl" in mangler) || typeof mangler.resolveTarget !== "function") {
            throw new Error("frida-java-bridge's HotSpot method replacement is not the one this agent knows");
        }
        const entry = directEntry(overload, mangler, makeBody);
        entries.push(entry);
        mangler.impl = entry;
    } catch (e) {
        overload.implementation = null;
        throw e;
    }
}

function directEntry(overload: Java.Method, mangler: JvmMangler, makeBody: (m: DirectMethod) => DirectBody):
        NativeCallback<NativeCallbackReturnType, NativeCallbackArgumentType[]> {
    const argTypes = overload.argumentTypes;
    const retType = overload.returnType;
    const isInstance = overload.type === 3;
    const convert = argTypes.map(t => converter(t) ?? null);
    const env0 = Java.vm.getEnv() as unknown as Env;
    const rawArgs = argTypes.map(t => t.type);
    const invoke = isInstance ? env0.nonvirtualVaMethod(retType.type, rawArgs) : env0.staticVaMethod(retType.type, rawArgs);
    const retString = retType.className === "java.lang.String";
    const retConvert = retType.type === "void" || retString ? null : converter(retType) ?? null;
    const holder = env0.newGlobalRef((overload.holder as unknown as { class: { $h: NativePointer } }).class.$h);
    let target: NativePointer | null = null;
    const method: DirectMethod = {
        args(env, raw, tid) {
            const out: unknown[] = [];
            for (let i = 0; i < raw.length; i++) {
                const c = convert[i];
                out.push(c === null ? raw[i] : c(env, raw[i], tid));
            }
            return out;
        },
        call(env, self, raw) {
            if (target === null) {
                // the original's method id, valid once the bridge has swapped the method (before any call)
                target = mangler.resolveTarget(null, isInstance, null, null);
            }
            return isInstance ? invoke(env, self, holder, target, ...raw) : invoke(env, self, target, ...raw);
        },
        result(env, ret, tid, want) {
            if (retString && want) {
                return stringOf(env, ret as NativePointer, tid, true);
            }
            const n = resultReader().read(env, 1, NULL, NULL, 0);
            if (n === THROWN) {
                return takePending();
            }
            return want && retConvert !== null ? retConvert(env, ret, tid) : undefined;
        },
        rethrow(thrown) {
            const env = Java.vm.getEnv() as unknown as Env;
            env.throw(thrown.ref);
            env.deleteLocalRef(thrown.ref);
        },
    };
    const body = makeBody(method);
    return new NativeCallback(
        function (env: NativePointer, self: NativePointer, ...raw: unknown[]): unknown {
            return body(env, self, raw);
        } as unknown as NativeCallbackImplementation<NativeCallbackReturnValue, NativeCallbackArgumentValue[]>,
        retType.type as NativeCallbackReturnType,
        ["pointer", "pointer", ...rawArgs] as NativeCallbackArgumentType[],
    );
}
