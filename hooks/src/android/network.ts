import type { HookSpec } from "../lib/registry.js";
import { safeString, type Wrapper } from "../lib/java.js";
import { directToAppProxy } from "./traffic.js";

/**
 * Connections opened by app code: the stack lets the host attribute each flow to the app or an SDK.
 * URL.openConnection covers HttpURLConnection (and the platform's stacks behind it); OkHttp, which SDKs
 * bundle and which opens its own sockets, is seen where a call is made (newCall, on the caller's thread,
 * also for enqueue), with the request's URL as target.
 * With the app's own proxy listener (APP_PROXY), URL.openConnection(Proxy.NO_PROXY) and the like go
 * to that listener instead; the event still records the proxy the app asked for.
 */
export function networkHooks(appProxy?: { host: string; port: number }): HookSpec[] {
    const redirect = appProxy === undefined ? undefined : directToAppProxy(appProxy.host, appProxy.port);
    return [
        {
            id: "net.URL.openConnection",
            className: "java.net.URL",
            method: "openConnection",
            category: "network",
            captureTarget: true,
            rewriteArgs: redirect === undefined ? undefined : (args: unknown[], self: Wrapper): unknown[] | null => {
                if (args.length !== 1) {
                    return null;
                }
                const to = redirect(args[0], String(safeString(self.getProtocol()) ?? "").toLowerCase());
                return to === null ? null : [to];
            },
        },
        {
            id: "net.okhttp3.newCall",
            className: "okhttp3.OkHttpClient",
            method: "newCall",
            category: "network",
            optional: true,
            captureTarget: (_self: Wrapper, args: unknown[]): string => String(safeString((args[0] as Wrapper).url()) ?? ""),
        },
    ];
}
