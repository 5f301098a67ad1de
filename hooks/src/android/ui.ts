import { emitter } from "../emit.js";
import type { CustomHook, HookContext } from "../lib/registry.js";
import type { UiClickEvent } from "../protocol.js";
import { Java, javaStack, monotonicNs, threadInfo, viewText, type Wrapper } from "../lib/java.js";

/**
 * View clicks (a tap on a phone and on the sandbox both end in View.performClick). The event is
 * stamped on the device before the click's listener runs, so the host can place consent exactly.
 */
export const clickHook: CustomHook = {
    id: "ui.View.performClick",
    api: "android.view.View.performClick",
    category: "ui",
    install(ctx: HookContext): number {
        const View = Java.use("android.view.View");
        const performClick = View.performClick.overload();
        performClick.implementation = function (this: Wrapper): boolean {
            try {
                const event: UiClickEvent = {
                    kind: "ui:click",
                    seq: emitter.nextSeq(),
                    ts: Date.now(),
                    mono: monotonicNs(),
                    viewClass: String(this.getClass().getName()),
                    viewId: Number(this.getId()),
                    text: viewText(this),
                    thread: threadInfo(),
                    stack: javaStack(ctx.stackDepth),
                };
                emitter.emit(event);
                emitter.flush();
            } catch (e) {
                emitter.fault("ui.View.performClick", e);
            }
            return performClick.call(this) as boolean;
        };
        return 1;
    },
};
