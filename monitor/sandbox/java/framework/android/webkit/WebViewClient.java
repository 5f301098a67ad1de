package android.webkit;

import android.net.http.SslError;

/** What a WebView tells its app about loads. By default a TLS error cancels the load, as on Android. */
public class WebViewClient {
    public void onPageFinished(WebView view, String url) {}

    public void onReceivedSslError(WebView view, SslErrorHandler handler, SslError error) {
        handler.cancel();
    }
}
