import type { HookSpec } from "../lib/registry.js";
import type { PiValue } from "../protocol.js";
import type { Wrapper } from "../lib/java.js";

function clipText(ret: unknown): PiValue[] {
    if (ret === null || ret === undefined) {
        return [];
    }
    const clip = ret as Wrapper;
    if (Number(clip.getItemCount()) < 1) {
        return [];
    }
    const text = clip.getItemAt(0).getText();
    return text === null ? [] : [{ type: "clipboard", value: String(text.toString()) }];
}

/** Clipboard reads and writes. */
export const clipboardHooks: HookSpec[] = [
    { id: "clipboard.getPrimaryClip", className: "android.content.ClipboardManager", method: "getPrimaryClip", category: "clipboard", values: clipText },
    { id: "clipboard.setPrimaryClip", className: "android.content.ClipboardManager", method: "setPrimaryClip", category: "clipboard" },
];
