import type { CustomHook } from "../lib/registry.js";
import { Java, type Wrapper } from "../lib/java.js";

/**
 * In-app proxy: this process's HTTP(S) goes to the proxy listener reserved for the app under test, so
 * the host can tell the app's flows from other processes' (which reach the device-wide listener).
 * HttpURLConnection, OkHttp and the platform's default ProxySelector read the standard Java proxy
 * properties; the framework writes them from the global proxy setting when the process starts (the
 * sandbox's NetworkConfig, Android's Proxy.setHttpProxySystemProperty), so writes of those keys are
 * pinned to our values. Code that asks for no proxy (Proxy.NO_PROXY, a common way of hiding from
 * capture tools) is redirected by directToAppProxy and okhttpProxyHook; raw sockets are not.
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

/**
 * The proxy argument a connection proceeds with: the app's listener instead of DIRECT (Proxy.NO_PROXY)
 * or an HTTP proxy of the app's own choosing, for http(s) URLs. SOCKS proxies and null (OkHttp: "ask the
 * ProxySelector", which reads the pinned properties) are left as they are. Null: leave the call alone.
 */
export function directToAppProxy(host: string, port: number): (proxy: unknown, scheme: string) => Wrapper | null {
    let ours: Wrapper | null = null;
    return (proxy: unknown, scheme: string): Wrapper | null => {
        if (proxy === null || proxy === undefined || (scheme !== "http" && scheme !== "https")) {
            return null;
        }
        const type = String((proxy as Wrapper).type());
        if (type !== "DIRECT" && type !== "HTTP") {
            return null;
        }
        if (ours === null) {
            const Proxy = Java.use("java.net.Proxy");
            const Type = Java.use("java.net.Proxy$Type");
            const address = Java.use("java.net.InetSocketAddress").$new(host, port);
            ours = Proxy.$new(Type.HTTP.value, address) as Wrapper;
        }
        return Boolean(ours.equals(proxy)) ? null : ours;
    };
}

/**
 * OkHttpClient.Builder.proxy(Proxy.NO_PROXY): the client would connect directly, past the pinned proxy
 * properties; it gets the app's listener instead. Optional: the app may not bundle OkHttp.
 */
export function okhttpProxyHook(host: string, port: number): CustomHook {
    return {
        id: "traffic.okhttp3.proxy",
        api: "okhttp3.OkHttpClient$Builder.proxy",
        category: "network",
        optional: true,
        install(): number {
            const redirect = directToAppProxy(host, port);
            const proxy = Java.use("okhttp3.OkHttpClient$Builder").proxy.overload("java.net.Proxy");
            proxy.implementation = function (this: Wrapper, chosen: unknown): unknown {
                return proxy.call(this, redirect(chosen, "https") ?? chosen);
            };
            return 1;
        },
    };
}
