import type { CustomHook } from "../lib/registry.js";
import { Java } from "../lib/java.js";

/**
 * In-app proxy: this process's HTTP(S) goes to the proxy listener reserved for the app under test, so
 * the host can tell the app's flows from other processes' (which reach the device-wide listener).
 * HttpURLConnection, OkHttp and the platform's default ProxySelector read the standard Java proxy
 * properties; the framework writes them from the global proxy setting when the process starts (the
 * sandbox's NetworkConfig, Android's Proxy.setHttpProxySystemProperty), so writes of those keys are
 * pinned to our values. Code that opens its own sockets with Proxy.NO_PROXY is not redirected.
 */
export function appProxyHook(host: string, port: number): CustomHook {
    return {
        id: "traffic.appProxy",
        api: "java.lang.System.setProperty",
        category: "network",
        install(): number {
            const System = Java.use("java.lang.System");
            const pinned = new Map<string, string>([
                ["http.proxyHost", host], ["http.proxyPort", String(port)],
                ["https.proxyHost", host], ["https.proxyPort", String(port)],
                ["http.nonProxyHosts", ""],
            ]);
            const setProperty = System.setProperty.overload("java.lang.String", "java.lang.String");
            setProperty.implementation = function (key: string, value: string): string | null {
                const forced = pinned.get(String(key));
                return setProperty.call(System, key, forced ?? value) as string | null;
            };
            const clearProperty = System.clearProperty.overload("java.lang.String");
            clearProperty.implementation = function (key: string): string | null {
                if (pinned.has(String(key))) {
                    return System.getProperty(key) as string | null;
                }
                return clearProperty.call(System, key) as string | null;
            };
            for (const [key, value] of pinned) {
                setProperty.call(System, key, value);
            }
            return 2;
        },
    };
}
