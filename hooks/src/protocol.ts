// Agent <-> host protocol. The Python models in monitor/events.py are the source of truth; this file
// mirrors them by hand and test/fixtures.ts type-checks the shared golden fixtures against it.

export const PROTOCOL_VERSION = 1;

export type Category =
    | "identifiers" | "location" | "contacts" | "microphone" | "camera" | "clipboard" | "app_list"
    | "permission" | "network" | "lifecycle" | "ui" | "sensors" | "accounts" | "process" | "consent";

export type ValueType =
    | "imei" | "imsi" | "iccid" | "phone_number" | "android_id" | "mac" | "geo" | "clipboard" | "package" | "contact"
    | "serial" | "account" | "meid" | "gaid" | "oaid" | "cell" | "wifi";

export interface PiValue {
    type: ValueType;
    value: string;
}

export interface HookCallEvent {
    kind: "hook:call";
    seq: number;
    ts: number;          // device wall clock, ms since the epoch
    mono: number;        // device monotonic clock, ns
    hook: string;        // hook id, e.g. "telephony.getDeviceId"
    category: Category;
    api: string;         // "android.telephony.TelephonyManager.getDeviceId"
    args: string[];
    target: string | null;  // the receiver, for hooks that capture it (e.g. the URL being opened)
    ret: string | null;
    thrown: string | null;
    values: PiValue[];
    thread: ThreadInfo;
    stack: string[];
}

export interface UiClickEvent {
    kind: "ui:click";
    seq: number;
    ts: number;
    mono: number;
    viewClass: string;
    viewId: number;
    text: string;
    thread: ThreadInfo;
    stack: string[];
}

export interface ThreadInfo {
    id: number;
    name: string;
}

export type AgentEvent = HookCallEvent | UiClickEvent;

export interface HookStatus {
    id: string;
    api: string;
    category: Category;
    installed: boolean;
    overloads: number;
    error: string | null;
    /** An SDK entry point: its class is absent from most apps, and that is not a failure. */
    optional: boolean;
    /** Overloads whose calls take the agent's direct entry (HotSpot; lib/direct.ts), the rest the bridge's. */
    direct: number;
}

/**
 * A batch of events: inline (`events`), or, as the agent sends them, in the message's binary data as
 * UTF-8 JSON Lines, one event a line (`data: "events-jsonl"`, `count` of them), so that the host parses
 * only a small header on Frida's thread and stores the lines as they came (monitor/events.py
 * `batch_events`). `data: "events"` (a JSON array) is what agents sent before; the host still reads it.
 */
export interface EventsBatch {
    v: number;
    type: "events:batch";
    events?: AgentEvent[];
    data?: "events-jsonl" | "events";
    count?: number;
}

export interface AgentReady {
    v: number;
    type: "agent:ready";
    pid: number;
    runtime: "jvm" | "art";
    hooks: HookStatus[];
}

export interface AgentFault {
    v: number;
    type: "agent:error";
    where: string;
    message: string;
    stack: string | null;
    /** How many occurrences this message stands for (repeats of one fault are counted, not resent). */
    count: number;
}

export type Message = EventsBatch | AgentReady | AgentFault;

export interface UserHookSpec {
    id: string;
    className: string;
    method: string;
    category: Category;
    overload?: string[];
    argFilter?: { index: number; equals: string };
}

export interface InitConfig {
    protocol: number;
    stackDepth: number;
    flushIntervalMs: number;
    maxBatch: number;
    userHooks?: UserHookSpec[];
    /** The proxy listener reserved for the app under test; absent: the app uses the device's proxy. */
    appProxy?: { host: string; port: number };
    /** Neutralise certificate pinning (SSLContext trust managers, OkHttp's CertificatePinner, Conscrypt's
     * TrustManagerImpl and the network security config's pins). */
    unpin?: boolean;
    /** Make UDP port 443 (QUIC / HTTP3) fail so the app falls back to TCP, which the proxy sees. */
    blockQuic?: boolean;
    /** Let hooks take the agent's direct entry where they can (HotSpot; lib/direct.ts). Absent: true. */
    directEntries?: boolean;
}

export interface InitReply {
    protocol: number;
    javaAvailable: boolean;
}
