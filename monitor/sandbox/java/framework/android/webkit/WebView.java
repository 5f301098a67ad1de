package android.webkit;

import android.content.Context;
import android.net.http.SslError;
import android.os.Handler;
import android.os.Looper;
import android.util.Log;
import android.view.View;
import android.view.ViewGroup;
import com.android.internal.sandbox.ChromiumNet;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebView that renders a tiny subset of HTML: each &lt;p&gt; and &lt;button&gt; becomes an
 * accessibility node (android.view.View with the text as content-desc), as Chrome's WebView exposes
 * page elements to uiautomator. A tapped button runs its onclick="NAME.method()" on the object
 * added with addJavascriptInterface: no View.performClick happens, as on a phone. loadUrl fetches the page
 * with Chromium's network stack (ChromiumNet: its own certificate check) and renders it the same way; a
 * certificate it does not trust goes to the client's onReceivedSslError, which cancels unless told otherwise.
 */
public class WebView extends ViewGroup {
    private static final Pattern ELEMENT = Pattern.compile("<(p|button)([^>]*)>(.*?)</\\1>", Pattern.DOTALL);
    private static final Pattern ONCLICK = Pattern.compile("onclick=\"(\\w+)\\.(\\w+)\\(\\)\"");
    private final Map<String, Object> mInterfaces = new HashMap<>();
    private final Handler mMain = new Handler(Looper.getMainLooper());
    private WebViewClient mClient = new WebViewClient();

    public WebView(Context context) { super(context); }

    public void addJavascriptInterface(Object object, String name) { mInterfaces.put(name, object); }

    public void setWebViewClient(WebViewClient client) { mClient = client == null ? new WebViewClient() : client; }

    public WebViewClient getWebViewClient() { return mClient; }

    public void loadUrl(String url) { load(url, false); }

    private void load(final String url, final boolean proceeded) {
        Thread io = new Thread(() -> {
            try {
                final String page = ChromiumNet.get(url, proceeded);
                mMain.post(() -> {
                    loadData(page, "text/html", "utf-8");
                    mClient.onPageFinished(this, url);
                });
            } catch (ChromiumNet.CertificateError e) {
                Log.w("chromium", "SSL error on " + url + ": " + e.getMessage());
                SslErrorHandler handler = new SslErrorHandler(() -> load(url, true), () -> Log.w("chromium", "load cancelled: " + url));
                mMain.post(() -> mClient.onReceivedSslError(this, handler, new SslError(SslError.SSL_UNTRUSTED, e.leaf, url)));
            } catch (IOException | RuntimeException e) {
                Log.w("chromium", "load failed: " + url + ": " + e);
            }
        }, "Chrome_IOThread");
        io.setDaemon(true);
        io.start();
    }

    public void loadData(String data, String mimeType, String encoding) {
        removeAllViews();
        Matcher m = ELEMENT.matcher(data);
        while (m.find()) {
            Node node = new Node(getContext(), m.group(3).replaceAll("<[^>]+>", "").trim());
            Matcher click = ONCLICK.matcher(m.group(2));
            if (m.group(1).equals("button") && click.find()) {
                node.mInterface = click.group(1);
                node.mMethod = click.group(2);
                node.setClickable(true);
            }
            addView(node);
        }
    }

    /** @hide A tap on a page element: runs its handler (the sandbox's input dispatch calls this). */
    public void dispatchElementClick(View element) {
        if (!(element instanceof Node)) return;
        Node n = (Node) element;
        Object target = mInterfaces.get(n.mInterface);
        if (target == null) return;
        try {
            Method method = target.getClass().getMethod(n.mMethod);
            method.setAccessible(true);
            method.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new RuntimeException("Uncaught TypeError: " + n.mInterface + "." + n.mMethod + " is not a function", e);
        }
    }

    /** A page element as the accessibility tree shows it. */
    static final class Node extends View {
        String mInterface;
        String mMethod;

        Node(Context context, String text) {
            super(context);
            setContentDescription(text);
        }
    }
}
