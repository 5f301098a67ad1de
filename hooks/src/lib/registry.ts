import { emitter } from "../emit.js";
import type { Category, HookCallEvent, HookStatus, PiValue } from "../protocol.js";
import { type DirectBody, type DirectMethod, Thrown, directEligible, installDirect } from "./direct.js";
import { Java, javaStack, monotonicNs, safeString, threadInfo, type Wrapper } from "./java.js";

export interface HookContext {
    stackDepth: number;
    /** Hooks may take the direct entry where they can (see direct.ts); false: the bridge's entry for all. */
    directEntries: boolean;
}

/** One hooked Java method (all overloads unless `overloads` narrows them). */
export interface HookSpec {
    id: string;
    className: string;
    method: string;
    category: Category;
    /** Argument type lists (Java names) to hook; all overloads when omitted. */
    overloads?: string[][];
    /** Record the receiver as the event's target: `true` renders `this`; a function picks what to render
     * (from the receiver or the arguments). */
    captureTarget?: boolean | ((self: Wrapper, args: unknown[]) => string);
    /**
     * Record only calls whose argument INDEX renders as EQUALS, or as one of ONE_OF (the call itself
     * always goes through). A performance filter for hot methods, not a privacy decision.
     */
    argFilter?: { index: number; equals: string } | { index: number; oneOf: readonly string[] };
    /**
     * Normalised PI values from the return value, arguments and receiver (no decisions: just typing).
     * Java calls made here are the agent's own: hooks they reach record nothing.
     */
    values?: (ret: unknown, args: unknown[], self: Wrapper) => PiValue[];
    /**
     * The method may never return (exit, kill): the call is recorded and flushed before it runs, so
     * the host sees it even when the process is gone a moment later.
     */
    mayNotReturn?: boolean;
    /** An SDK entry point: a missing class is reported as absent (optional), not as a failed hook. */
    optional?: boolean;
    /**
     * Traffic plumbing, not a decision: the arguments the call proceeds with (null: as the app passed
     * them). The event records the app's own arguments. Runs as the agent (hooks it reaches record nothing).
     */
    rewriteArgs?: (args: unknown[], self: Wrapper) => unknown[] | null;
}

/** A hook with its own installer (clicks, process exit): returns the number of overloads hooked. */
export interface CustomHook {
    id: string;
    api: string;
    category: Category;
    /** Its class may be absent (a library the app may not bundle): reported as absent, not failed. */
    optional?: boolean;
    install(ctx: HookContext): number;
}

function errorText(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

/**
 * Threads on which the agent itself is calling Java (rendering a target, reading values): hooked
 * methods reached from there run unrecorded, so reading Location.getLatitude to type a fix is not an
 * app call. Per thread, since other threads may run app code at the same time.
 */
const agentThreads = new Set<number>();

function asAgent<T>(fn: () => T, tid: number = Process.getCurrentThreadId()): T {
    if (agentThreads.has(tid)) {
        return fn();
    }
    agentThreads.add(tid);
    try {
        return fn();
    } finally {
        agentThreads.delete(tid);
    }
}

function inAgentCall(): boolean {
    return agentThreads.size > 0 && agentThreads.has(Process.getCurrentThreadId());
}

function passesFilter(spec: HookSpec, args: unknown[]): boolean {
    const f = spec.argFilter;
    if (f === undefined) {
        return true;
    }
    const arg = safeString(args[f.index]);
    return "equals" in f ? arg === f.equals : arg !== null && f.oneOf.includes(arg);
}

function targetOf(spec: HookSpec, self: unknown, args: unknown[]): string | null {
    if (spec.captureTarget === undefined || spec.captureTarget === false) {
        return null;
    }
    if (spec.captureTarget === true) {
        return safeString(self);
    }
    try {
        return spec.captureTarget(self as Wrapper, args);
    } catch (e) {
        return null;
    }
}

type ValuesOf = NonNullable<HookSpec["values"]>;

/** Value functions that only look at JS values (no Java calls): run without the agent-call guard. */
const plainValueFns = new WeakSet<ValuesOf>();

/** Mark FN as plain JS: it reads the return value or arguments as they are and calls no Java. */
export function plainValues<F extends ValuesOf>(fn: F): F {
    plainValueFns.add(fn);
    return fn;
}

function hasValue(v: PiValue): boolean {
    return v.value !== "";
}

/** VALUES without empty ones (the same array when none is empty: no copy per call). */
function nonEmpty(values: PiValue[]): PiValue[] {
    for (let i = 0; i < values.length; i++) {
        if (values[i].value === "") {
            return values.filter(hasValue);
        }
    }
    return values;
}

const NO_ARGS: string[] = []; // shared by the events of calls without arguments (events are never changed)

function argText(a: unknown): string {
    return safeString(a) ?? "null";
}

function recordCall(spec: HookSpec, api: string, ctx: HookContext, self: unknown, ts: number, mono: number, args: unknown[],
                    ret: unknown, thrown: string | null, tid: number = Process.getCurrentThreadId()): void {
    try {
        let values: PiValue[] = [];
        const valuesOf = spec.values;
        if (valuesOf !== undefined && thrown === null) {
            try {
                values = nonEmpty(plainValueFns.has(valuesOf)
                    ? valuesOf(ret, args, self as Wrapper)
                    : asAgent(() => valuesOf(ret, args, self as Wrapper), tid));
            } catch (e) {
                emitter.fault(spec.id + ".values", e);
            }
        }
        const event: HookCallEvent = {
            kind: "hook:call",
            seq: emitter.nextSeq(),
            ts,
            mono,
            hook: spec.id,
            category: spec.category,
            api,
            args: args.length === 0 ? NO_ARGS : args.map(argText),
            target: spec.captureTarget === undefined ? null : asAgent(() => targetOf(spec, self, args), tid),
            ret: thrown === null ? safeString(ret) : null,
            thrown,
            values,
            thread: threadInfo(tid),
            stack: javaStack(ctx.stackDepth),
        };
        emitter.emit(event);
    } catch (e) {
        emitter.fault(spec.id, e);
    }
}

/** The arguments a call proceeds with: SPEC's rewrite of ARGS, or ARGS (also when the rewrite fails). */
function rewritten(spec: HookSpec, self: Wrapper, args: unknown[]): unknown[] {
    const rewrite = spec.rewriteArgs;
    if (rewrite === undefined) {
        return args;
    }
    try {
        return asAgent(() => rewrite(args, self)) ?? args;
    } catch (e) {
        emitter.fault(spec.id + ".rewriteArgs", e);
        return args;
    }
}

/**
 * Whether SPEC's calls can go through a direct entry (see direct.ts): nothing it does needs a wrapper of
 * the receiver or Java calls of the agent's own per call.
 */
function directSpec(spec: HookSpec): boolean {
    return spec.captureTarget === undefined && spec.rewriteArgs === undefined
        && (spec.values === undefined || plainValueFns.has(spec.values));
}

/** SPEC's hook body on a direct entry: what the bridge-entry body in HookRegistry.install does, on raw values. */
function directBody(spec: HookSpec, api: string, ctx: HookContext, m: DirectMethod): DirectBody {
    return (env, self, raw) => {
        if (inAgentCall()) {
            return m.call(env, self, raw);
        }
        const ts = Date.now();
        const mono = monotonicNs();
        const tid = Process.getCurrentThreadId();
        let args: unknown[] | null = null;
        try {
            args = raw.length === 0 ? NO_ARGS : m.args(env, raw, tid);
        } catch (e) {
            emitter.fault(spec.id, e);
        }
        if (spec.mayNotReturn === true) {
            if (args !== null) {
                recordCall(spec, api, ctx, null, ts, mono, args, null, null, tid);
            }
            emitter.flush();
            return m.call(env, self, raw);
        }
        const ret = m.call(env, self, raw);
        let thrown: Thrown | null = null;
        try {
            const recorded = args !== null && passesFilter(spec, args);
            const value = m.result(env, ret, tid, recorded);
            if (value instanceof Thrown) {
                thrown = value;
                if (args !== null) {
                    recordCall(spec, api, ctx, null, ts, mono, args, null, value.text, tid);
                }
            } else if (recorded && args !== null) {
                recordCall(spec, api, ctx, null, ts, mono, args, value, null, tid);
            }
        } catch (e) {
            emitter.fault(spec.id, e);
        } finally {
            if (thrown !== null) {
                m.rethrow(thrown);
            }
        }
        return ret;
    };
}

/** Parameter signatures of the abstract overloads of a method: hooking those never fires. */
function abstractSignatures(className: string, method: string): Set<string> {
    const out = new Set<string>();
    const Modifier = Java.use("java.lang.reflect.Modifier");
    const methods = Java.use(className).class.getDeclaredMethods() as unknown as Wrapper[];
    for (let i = 0; i < methods.length; i++) {
        const m = methods[i];
        if (String(m.getName()) === method && Boolean(Modifier.isAbstract(m.getModifiers()))) {
            const params = m.getParameterTypes() as unknown as Wrapper[];
            const names: string[] = [];
            for (let j = 0; j < params.length; j++) {
                names.push(String(params[j].getName()));
            }
            out.add(names.join(","));
        }
    }
    return out;
}

/** Installs hooks and reports each one's outcome; a missing class never stops the others. */
export class HookRegistry {
    readonly statuses: HookStatus[] = [];

    constructor(private readonly ctx: HookContext) {}

    install(spec: HookSpec): void {
        const api = spec.className + "." + spec.method;
        try {
            const klass = Java.use(spec.className);
            const dispatcher = (klass as unknown as Record<string, Java.MethodDispatcher>)[spec.method];
            if (dispatcher === undefined) {
                throw new Error("no method " + spec.method);
            }
            let overloads = dispatcher.overloads;
            if (spec.overloads !== undefined) {
                const wanted = spec.overloads.map(sig => sig.join(","));
                overloads = overloads.filter(o => wanted.includes(o.argumentTypes.map(t => t.className).join(",")));
                if (overloads.length === 0) {
                    throw new Error("none of the requested overloads exist");
                }
            }
            const abstract = abstractSignatures(spec.className, spec.method);
            overloads = overloads.filter(o => !abstract.has(o.argumentTypes.map(t => t.className).join(",")));
            if (overloads.length === 0) {
                throw new Error("abstract method: hook the class that implements it");
            }
            const ctx = this.ctx;
            let direct = 0;
            for (const overload of overloads) {
                if (ctx.directEntries && directSpec(spec) && directEligible(overload)) {
                    try {
                        installDirect(overload, m => directBody(spec, api, ctx, m));
                        direct++;
                        continue;
                    } catch (e) {
                        emitter.fault(spec.id + ".direct", e); // the bridge's entry below still records the calls
                    }
                }
                const original = overload;
                overload.implementation = function (this: Wrapper, ...args: unknown[]): unknown {
                    if (inAgentCall()) {
                        return original.apply(this, args);
                    }
                    const ts = Date.now();
                    const mono = monotonicNs();
                    const callArgs = rewritten(spec, this, args);
                    if (spec.mayNotReturn === true) {
                        recordCall(spec, api, ctx, this, ts, mono, args, null, null);
                        emitter.flush();
                        return original.apply(this, callArgs);
                    }
                    let ret: unknown;
                    try {
                        ret = original.apply(this, callArgs);
                    } catch (e) {
                        recordCall(spec, api, ctx, this, ts, mono, args, null, errorText(e));
                        throw e;
                    }
                    if (passesFilter(spec, args)) {
                        recordCall(spec, api, ctx, this, ts, mono, args, ret, null);
                    }
                    return ret;
                };
            }
            this.statuses.push({
                id: spec.id, api, category: spec.category, installed: true, overloads: overloads.length, error: null,
                optional: spec.optional === true, direct,
            });
        } catch (e) {
            this.statuses.push({
                id: spec.id, api, category: spec.category, installed: false, overloads: 0, error: errorText(e),
                optional: spec.optional === true, direct: 0,
            });
        }
    }

    installCustom(hook: CustomHook): void {
        try {
            const n = hook.install(this.ctx);
            this.statuses.push({
                id: hook.id, api: hook.api, category: hook.category, installed: true, overloads: n, error: null, optional: hook.optional === true,
                direct: 0,
            });
        } catch (e) {
            this.statuses.push({
                id: hook.id, api: hook.api, category: hook.category, installed: false, overloads: 0, error: errorText(e),
                optional: hook.optional === true, direct: 0,
            });
        }
    }
}
