import { emitter } from "../emit.js";
import type { Category, HookCallEvent, HookStatus, PiValue } from "../protocol.js";
import { Java, javaStack, monotonicNs, safeString, threadInfo, type Wrapper } from "./java.js";

export interface HookContext {
    stackDepth: number;
}

/** One hooked Java method (all overloads unless `overloads` narrows them). */
export interface HookSpec {
    id: string;
    className: string;
    method: string;
    category: Category;
    /** Argument type lists (Java names) to hook; all overloads when omitted. */
    overloads?: string[][];
    /** Record the receiver as the event's target: `true` renders `this`; a function picks what to render. */
    captureTarget?: boolean | ((self: Wrapper) => string);
    /** Record only calls whose argument INDEX renders as EQUALS (the call itself always goes through). */
    argFilter?: { index: number; equals: string };
    /** Normalised PI values from the return value and arguments (no decisions: just typing). */
    values?: (ret: unknown, args: unknown[]) => PiValue[];
}

/** A hook with its own installer (clicks, process exit): returns the number of overloads hooked. */
export interface CustomHook {
    id: string;
    api: string;
    category: Category;
    install(ctx: HookContext): number;
}

function errorText(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

function targetOf(spec: HookSpec, self: unknown): string | null {
    if (spec.captureTarget === undefined || spec.captureTarget === false) {
        return null;
    }
    if (spec.captureTarget === true) {
        return safeString(self);
    }
    try {
        return spec.captureTarget(self as Wrapper);
    } catch (e) {
        return null;
    }
}

function recordCall(spec: HookSpec, ctx: HookContext, self: unknown, ts: number, mono: number, args: unknown[],
                    ret: unknown, thrown: string | null): void {
    try {
        let values: PiValue[] = [];
        if (spec.values !== undefined && thrown === null) {
            try {
                values = spec.values(ret, args).filter(v => v.value !== "");
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
            api: spec.className + "." + spec.method,
            args: args.map(a => safeString(a) ?? "null"),
            target: targetOf(spec, self),
            ret: thrown === null ? safeString(ret) : null,
            thrown,
            values,
            thread: threadInfo(),
            stack: javaStack(ctx.stackDepth),
        };
        emitter.emit(event);
    } catch (e) {
        emitter.fault(spec.id, e);
    }
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
            for (const overload of overloads) {
                const original = overload;
                overload.implementation = function (this: Wrapper, ...args: unknown[]): unknown {
                    const ts = Date.now();
                    const mono = monotonicNs();
                    let ret: unknown;
                    try {
                        ret = original.apply(this, args);
                    } catch (e) {
                        recordCall(spec, ctx, this, ts, mono, args, null, errorText(e));
                        throw e;
                    }
                    if (spec.argFilter === undefined || safeString(args[spec.argFilter.index]) === spec.argFilter.equals) {
                        recordCall(spec, ctx, this, ts, mono, args, ret, null);
                    }
                    return ret;
                };
            }
            this.statuses.push({ id: spec.id, api, category: spec.category, installed: true, overloads: overloads.length, error: null });
        } catch (e) {
            this.statuses.push({ id: spec.id, api, category: spec.category, installed: false, overloads: 0, error: errorText(e) });
        }
    }

    installCustom(hook: CustomHook): void {
        try {
            const n = hook.install(this.ctx);
            this.statuses.push({ id: hook.id, api: hook.api, category: hook.category, installed: true, overloads: n, error: null });
        } catch (e) {
            this.statuses.push({ id: hook.id, api: hook.api, category: hook.category, installed: false, overloads: 0, error: errorText(e) });
        }
    }
}
