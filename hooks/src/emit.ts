import { PROTOCOL_VERSION, type AgentEvent, type AgentFault, type Message } from "./protocol.js";

/** Batching emitter: events go out as one `events:batch` every flush interval or when the batch is full. */
export class Emitter {
    private pending: AgentEvent[] = [];
    private timer: ReturnType<typeof setTimeout> | null = null;
    private seq = 0;
    flushIntervalMs = 50;
    maxBatch = 64;

    nextSeq(): number {
        return ++this.seq;
    }

    emit(event: AgentEvent): void {
        this.pending.push(event);
        if (this.pending.length >= this.maxBatch) {
            this.flush();
        } else if (this.timer === null) {
            this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
        }
    }

    flush(): void {
        if (this.timer !== null) {
            clearTimeout(this.timer);
            this.timer = null;
        }
        if (this.pending.length === 0) {
            return;
        }
        const events = this.pending;
        this.pending = [];
        const message: Message = { v: PROTOCOL_VERSION, type: "events:batch", events };
        send(message);
    }

    fault(where: string, error: unknown): void {
        const e = error instanceof Error ? error : new Error(String(error));
        const message: AgentFault = {
            v: PROTOCOL_VERSION, type: "agent:error", where, message: e.message, stack: e.stack ?? null,
        };
        send(message);
    }
}

export const emitter = new Emitter();
