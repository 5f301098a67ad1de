import type { HookSpec } from "../lib/registry.js";
import type { PiValue } from "../protocol.js";
import type { Wrapper } from "../lib/java.js";

function accountNames(ret: unknown): PiValue[] {
    if (ret === null || ret === undefined) {
        return [];
    }
    const accounts = ret as ArrayLike<Wrapper>;
    const out: PiValue[] = [];
    for (let i = 0; i < accounts.length; i++) {
        out.push({ type: "account", value: String(accounts[i].name.value) });
    }
    return out;
}

/** The user's accounts (e-mail addresses and the like). */
export const accountHooks: HookSpec[] = [
    { id: "accounts.getAccounts", className: "android.accounts.AccountManager", method: "getAccounts", category: "accounts", values: accountNames },
    { id: "accounts.getAccountsByType", className: "android.accounts.AccountManager", method: "getAccountsByType", category: "accounts", values: accountNames },
];
