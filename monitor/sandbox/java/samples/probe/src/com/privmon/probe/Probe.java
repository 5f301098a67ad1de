package com.privmon.probe;

import android.app.Activity;
import android.content.ClipData;
import android.content.ClipboardManager;
import android.content.Context;
import android.content.pm.PackageManager;
import android.database.Cursor;
import android.location.Location;
import android.location.LocationListener;
import android.location.LocationManager;
import android.media.AudioFormat;
import android.media.AudioRecord;
import android.media.MediaRecorder;
import android.net.wifi.WifiManager;
import android.os.Bundle;
import android.provider.ContactsContract;
import android.provider.Settings;
import android.telephony.TelephonyManager;
import android.util.Log;
import android.widget.Button;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/** Calls each hooked API once (each overload the agent hooks counts once), then finishes itself. */
public class Probe extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        TelephonyManager tm = (TelephonyManager) getSystemService(Context.TELEPHONY_SERVICE);
        tm.getDeviceId();
        tm.getImei();
        tm.getSubscriberId();
        tm.getLine1Number();
        tm.getSimSerialNumber();
        Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        ((WifiManager) getSystemService(Context.WIFI_SERVICE)).getConnectionInfo().getMacAddress();
        LocationManager lm = (LocationManager) getSystemService(Context.LOCATION_SERVICE);
        lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        lm.requestLocationUpdates(LocationManager.NETWORK_PROVIDER, 1000L, 1f, new LocationListener() {
            @Override public void onLocationChanged(Location location) {}
        }, getMainLooper());
        Cursor c = getContentResolver().query(ContactsContract.Contacts.CONTENT_URI, null, null, null, null);
        if (c != null) c.close();
        AudioRecord rec = new AudioRecord(MediaRecorder.AudioSource.MIC, 16000, AudioFormat.CHANNEL_IN_MONO, AudioFormat.ENCODING_PCM_16BIT, 4096);
        rec.startRecording();
        rec.release();
        MediaRecorder mr = new MediaRecorder();
        mr.setAudioSource(MediaRecorder.AudioSource.MIC);
        try {
            mr.prepare();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        mr.start();
        mr.release();
        ClipboardManager cm = (ClipboardManager) getSystemService(Context.CLIPBOARD_SERVICE);
        cm.getPrimaryClip();
        cm.setPrimaryClip(ClipData.newPlainText("probe", "probe"));
        PackageManager pm = getPackageManager();
        pm.getInstalledPackages(0);
        try {
            pm.getPackageInfo("com.tencent.mm", 0);
        } catch (PackageManager.NameNotFoundException e) {
            throw new IllegalStateException(e);
        }
        android.os.Build.getSerial();
        android.bluetooth.BluetoothAdapter.getDefaultAdapter().getAddress();
        android.hardware.Camera.open(0).release();
        android.hardware.SensorManager sm = (android.hardware.SensorManager) getSystemService(Context.SENSOR_SERVICE);
        sm.registerListener(new android.hardware.SensorEventListener() {
            @Override public void onSensorChanged(android.hardware.SensorEvent event) {}
            @Override public void onAccuracyChanged(android.hardware.Sensor sensor, int accuracy) {}
        }, sm.getDefaultSensor(android.hardware.Sensor.TYPE_ACCELEROMETER), android.hardware.SensorManager.SENSOR_DELAY_GAME);
        android.accounts.AccountManager.get(this).getAccounts();
        try {
            Runtime.getRuntime().exec(new String[] {"getprop", "ro.serialno"}).waitFor();
        } catch (IOException | InterruptedException e) {
            Log.w("Probe", "exec: " + e);  // no getprop on the sandbox host: the attempt is still an event
        }
        checkSelfPermission(android.Manifest.permission.CAMERA);
        requestPermissions(new String[] {android.Manifest.permission.CAMERA}, 1);
        Button b = new Button(this);
        b.setText("probe-click");
        setContentView(b);
        b.performClick();
        new Thread(new Runnable() {
            @Override public void run() {
                try {
                    HttpURLConnection conn = (HttpURLConnection) new URL("https://probe.privmon.invalid/ping").openConnection();
                    try (InputStream in = conn.getInputStream()) {
                        while (in.read() != -1) { /* drain */ }
                    }
                } catch (IOException e) {
                    Log.w("Probe", "network: " + e);
                }
                runOnUiThread(new Runnable() {
                    @Override public void run() { finish(); }
                });
            }
        }, "probe-net").start();
    }
}
