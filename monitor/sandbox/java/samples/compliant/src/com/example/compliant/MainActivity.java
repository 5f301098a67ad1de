package com.example.compliant;

import android.Manifest;
import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.content.SharedPreferences;
import android.content.pm.PackageManager;
import android.location.Location;
import android.location.LocationManager;
import android.os.Bundle;
import android.util.Log;
import android.widget.LinearLayout;
import android.widget.TextView;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

public class MainActivity extends Activity {
    private static final int REQ_LOCATION = 42;
    private TextView mStatus;

    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        mStatus = new TextView(this);
        mStatus.setId(R.id.status);
        mStatus.setText("天气");
        root.addView(mStatus);
        setContentView(root);
        final SharedPreferences prefs = getSharedPreferences("privacy", MODE_PRIVATE);
        if (prefs.getBoolean("agreed", false)) {
            start();
            return;
        }
        new AlertDialog.Builder(this)
            .setTitle("隐私政策")
            .setMessage("欢迎使用！请你务必审慎阅读《用户协议》和《隐私政策》。我们将在你同意后获取位置信息以提供本地天气。")
            .setCancelable(false)
            .setPositiveButton("同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) {
                    prefs.edit().putBoolean("agreed", true).apply();
                    start();
                }
            })
            .setNegativeButton("不同意", new DialogInterface.OnClickListener() {
                @Override public void onClick(DialogInterface dialog, int which) {
                    mStatus.setText("仅浏览模式");
                }
            })
            .show();
    }

    private void start() {
        if (checkSelfPermission(Manifest.permission.ACCESS_FINE_LOCATION) != PackageManager.PERMISSION_GRANTED) {
            requestPermissions(new String[] {Manifest.permission.ACCESS_FINE_LOCATION}, REQ_LOCATION);
            return;
        }
        LocationManager lm = (LocationManager) getSystemService(LOCATION_SERVICE);
        final Location loc = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        if (loc == null) return;
        new Thread(new Runnable() {
            @Override public void run() { fetchWeather(loc.getLatitude(), loc.getLongitude()); }
        }, "weather").start();
    }

    @Override public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        if (requestCode == REQ_LOCATION && grantResults.length > 0 && grantResults[0] == PackageManager.PERMISSION_GRANTED) start();
    }

    private void fetchWeather(double lat, double lon) {
        try {
            URL url = new URL("https://api.compliant-weather.cn/v1/weather?lat=" + lat + "&lon=" + lon);
            HttpURLConnection conn = (HttpURLConnection) url.openConnection();
            conn.setConnectTimeout(10000);
            conn.setReadTimeout(10000);
            try (InputStream in = conn.getInputStream()) {
                while (in.read() != -1) { /* drain */ }
            }
        } catch (IOException e) {
            Log.w("Weather", "fetch failed: " + e);
        }
    }
}
