package com.bytedance.sdk.openadsdk;

import android.content.Context;
import android.provider.Settings;
import android.util.Log;
import android.webkit.WebView;
import android.webkit.WebViewClient;

/** An ad SDK's banner: a WebView whose tracking page carries the Android ID in its URL. */
public final class BannerAd {
    private BannerAd() {}

    public static WebView load(Context context) {
        String aid = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        WebView view = new WebView(context);
        view.setWebViewClient(new WebViewClient() {
            @Override public void onPageFinished(WebView v, String url) {
                Log.i("BannerAd", "ad page loaded");
            }
        });
        view.loadUrl("https://api-access.pangolin-sdk-toutiao.com/api/ad/union/sdk/get_ads/?aid=" + aid);
        return view;
    }
}
