package com.example.cmpapp;

import android.app.Activity;
import android.app.Dialog;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.webkit.WebView;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.bytedance.sdk.openadsdk.TTAdSdk;

/**
 * An IAB TCF consent banner in a WebView: the choice is stored in the IABTCF_* preferences, and the
 * ad SDK reads them. A press on the page runs its script, not View.performClick.
 */
public class MainActivity extends Activity {
    private static final String PAGE =
            "<p>We value your privacy</p>"
            + "<p>We and our partners store and/or access information on a device, such as cookies, and process "
            + "personal data for personalised ads and content, ad and content measurement.</p>"
            + "<button onclick=\"Cmp.accept()\">Accept all</button>"
            + "<button onclick=\"Cmp.reject()\">Reject all</button>"
            + "<button onclick=\"Cmp.manage()\">Manage options</button>";

    private Dialog mBanner;

    /** What the page's script calls. */
    public static final class Bridge {
        private final MainActivity mActivity;
        Bridge(MainActivity activity) { mActivity = activity; }
        public void accept() { mActivity.store("1111111111"); }
        public void reject() { mActivity.store("0000000000"); }
        public void manage() { /* a second layer, not modelled */ }
    }

    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView t = new TextView(this);
        t.setText("Puzzles");
        root.addView(t);
        setContentView(root);
        mBanner = new Dialog(this);
        mBanner.setCancelable(false);
        WebView web = new WebView(this);
        web.addJavascriptInterface(new Bridge(this), "Cmp");
        web.loadData(PAGE, "text/html", "utf-8");
        mBanner.setContentView(web);
        mBanner.show();
    }

    void store(String purposes) {
        SharedPreferences.Editor e = getSharedPreferences(getPackageName() + "_preferences", MODE_PRIVATE).edit();
        e.putString("IABTCF_PurposeConsents", purposes);
        e.putString("IABTCF_TCString", "CPzHq4APzHq4AAKAsAENDQCsAP_AAH_AAAqIHJtd");
        e.apply();
        mBanner.dismiss();
        TTAdSdk.init(this);
    }
}
