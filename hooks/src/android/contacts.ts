import type { HookSpec } from "../lib/registry.js";

/** Content providers (contacts today; call log and SMS share the same entry point). */
export const contactsHooks: HookSpec[] = [
    { id: "resolver.query", className: "android.content.ContentResolver", method: "query", category: "contacts" },
];
