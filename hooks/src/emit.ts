import { PROTOCOL_VERSION, type AgentEvent, type AgentFault, type Message } from "./protocol.js";

let strlen: NativeFunction<UInt64, [NativePointerValue]> | null | undefined;

/** TEXT as UTF-8 bytes (the runtime has no TextEncoder), or null where libc's strlen cannot be found. */
function utf8(text: string): ArrayBuffer | null {
    if (strlen === undefined) {
        try {
            strlen = new NativeFunction(Module.getGlobalExportByName("strlen"), "size_t", ["pointer"]);
        } catch {
            strlen = null;
        }
    }
    if (strlen === null) {
        return null;
    }
    const bytes = Memory.allocUtf8String(text);
    return bytes.readByteArray(strlen(bytes).toNumber());
}

/** Faults sent in full per place; later ones are only counted. */
const FAULTS_IN_FULL = 3;

/** Batching emitter: events go out as one `events:batch` every flush interval or when the batch is full. */
export class Emitter {
    private pending: AgentEvent[] = [];
    private timer: ReturnType<typeof setTimeout> | null = null;
    private seq = 0;
    private readonly faultsSeen = new Map<string, number>();
    private readonly repeats = new Map<string, number>();
    flushIntervalMs = 50;
    maxBatch = 64;

    nextSeq(): number {
        return ++this.seq;
    }

    emit(event: AgentEvent): void {
        this.pending.push(event);
        if (this.pending.length >= this.maxBatch) {
            this.flush();
        } else {
            this.scheduleFlush();
        }
    }

    private scheduleFlush(): void {
        if (this.timer === null) {
            this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
        }
    }

    flush(): void {
        if (this.timer !== null) {
            clearTimeout(this.timer);
            this.timer = null;
        }
        if (this.repeats.size > 0) {
            this.flushRepeats();
        }
        if (this.pending.length === 0) {
            return;
        }
        const events = this.pending;
        this.pending = [];
        const lines: string[] = [];
        for (const event of events) {
            lines.push(JSON.stringify(event));
        }
        lines.push(""); // the last line ends with its line break too
        const data = utf8(lines.join("\n"));
        if (data === null) {
            const message: Message = { v: PROTOCOL_VERSION, type: "events:batch", events };
            send(message);
            return;
        }
        const message: Message = { v: PROTOCOL_VERSION, type: "events:batch", data: "events-jsonl", count: events.length };
        send(message, data);
    }

    /**
     * A fault in the agent (a hook throwing, a value that cannot be read). The first few per place go
     * out in full; repeats are counted and sent as one message per place at the next flush, so a hook
     * failing on every call cannot flood the host or slow the app.
     */
    fault(where: string, error: unknown): void {
        const seen = (this.faultsSeen.get(where) ?? 0) + 1;
        this.faultsSeen.set(where, seen);
        if (seen > FAULTS_IN_FULL) {
            this.repeats.set(where, (this.repeats.get(where) ?? 0) + 1);
            this.scheduleFlush();
            return;
        }
        const e = error instanceof Error ? error : new Error(String(error));
        const message: AgentFault = {
            v: PROTOCOL_VERSION, type: "agent:error", where, message: e.message, stack: e.stack ?? null, count: 1,
        };
        send(message);
    }

    private flushRepeats(): void {
        for (const [where, count] of this.repeats) {
            const message: AgentFault = {
                v: PROTOCOL_VERSION, type: "agent:error", where, message: "repeated", stack: null, count,
            };
            send(message);
        }
        this.repeats.clear();
    }
}

export const emitter = new Emitter();
