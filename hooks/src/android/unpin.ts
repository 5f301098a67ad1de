import type { CustomHook } from "../lib/registry.js";
import { Java, type Wrapper } from "../lib/java.js";

/**
 * Certificate unpinning, so the proxy can read what pinned SDKs send. Apps and SDKs pin by giving
 * SSLContext their own TrustManagers, or with OkHttp's CertificatePinner; both are neutralised:
 * SSLContext gets the platform's trust store (where the proxy's CA is installed) and the pinner's
 * checks return. Each hook reports whether it installed; an absent class is not an error.
 * The platform's own path (no SSLContext.init by the app: the default context) is covered at its two
 * checks: Conscrypt's TrustManagerImpl.verifyChain (the chain to a system CA) returns the chain as given,
 * and the network security config's pin check (NetworkSecurityTrustManager.checkPins) returns.
 * WebView verifies certificates in Chromium, not through these, and asks its client about a certificate
 * it does not trust (an unrooted phone's user-store CA): WebViewClient.onReceivedSslError proceeds. An app
 * whose own client overrides it (and cancels) is not covered.
 */
/** A check that passes: returns without throwing. */
function pass(): void {
    return;
}

/** Every overload of these methods (those the class has) replaced by ``impl``; returns how many. */
function replaceOverloads(cls: Wrapper, names: string[], impl: (...args: never[]) => unknown): number {
    let n = 0;
    for (const name of names) {
        const method = cls[name] as { overloads?: { implementation: unknown }[] } | undefined;
        for (const overload of method?.overloads ?? []) {
            overload.implementation = impl;
            n += 1;
        }
    }
    return n;
}

export const unpinHooks: CustomHook[] = [
    {
        id: "tls.SSLContext.init",
        api: "javax.net.ssl.SSLContext.init",
        category: "network",
        install(): number {
            const SSLContext = Java.use("javax.net.ssl.SSLContext");
            const init = SSLContext.init.overload(
                "[Ljavax.net.ssl.KeyManager;", "[Ljavax.net.ssl.TrustManager;", "java.security.SecureRandom",
            );
            init.implementation = function (this: Wrapper, keys: unknown, _trust: unknown, random: unknown): void {
                init.call(this, keys, null, random);  // null: the platform's default trust managers
            };
            return 1;
        },
    },
    {
        id: "tls.okhttp3.CertificatePinner",
        api: "okhttp3.CertificatePinner.check",
        category: "network",
        optional: true,
        install(): number {
            return replaceOverloads(Java.use("okhttp3.CertificatePinner"), ["check", "check$okhttp"], pass);
        },
    },
    {
        id: "tls.webview.onReceivedSslError",
        api: "android.webkit.WebViewClient.onReceivedSslError",
        category: "network",
        install(): number {
            const method = Java.use("android.webkit.WebViewClient").onReceivedSslError.overload(
                "android.webkit.WebView", "android.webkit.SslErrorHandler", "android.net.http.SslError",
            );
            method.implementation = function (_view: unknown, handler: Wrapper, _error: unknown): void {
                handler.proceed();
            };
            return 1;
        },
    },
    // the platform's own path: apps with no TLS code of their own, pins from the network security config
    {
        id: "tls.conscrypt.TrustManagerImpl",
        api: "com.android.org.conscrypt.TrustManagerImpl.verifyChain",
        category: "network",
        optional: true,
        install(): number {
            // every signature since Android 7 starts with the chain: it is returned as trusted
            return replaceOverloads(Java.use("com.android.org.conscrypt.TrustManagerImpl"), ["verifyChain"], (chain: unknown) => chain);
        },
    },
    {
        id: "tls.nsc.checkPins",
        api: "android.security.net.config.NetworkSecurityTrustManager.checkPins",
        category: "network",
        optional: true,
        install(): number {
            return replaceOverloads(Java.use("android.security.net.config.NetworkSecurityTrustManager"), ["checkPins"], pass);
        },
    },
];
