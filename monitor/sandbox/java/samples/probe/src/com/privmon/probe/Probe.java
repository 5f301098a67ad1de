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
        tm.getMeid();
        tm.getAllCellInfo();
        tm.getCellLocation();
        android.os.SystemProperties.get("ro.serialno");
        android.os.SystemProperties.get("ro.build.version.sdk");  // not an identifier: filtered out, no event
        try {
            java.net.NetworkInterface.getByName("lo").getHardwareAddress();  // loopback: no address, still an attempt
        } catch (java.net.SocketException e) {
            throw new IllegalStateException(e);
        }
        Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
        WifiManager wm = (WifiManager) getSystemService(Context.WIFI_SERVICE);
        android.net.wifi.WifiInfo wi = wm.getConnectionInfo();
        wi.getMacAddress();
        wi.getBSSID();
        wi.getSSID();
        wm.getScanResults();
        LocationManager lm = (LocationManager) getSystemService(Context.LOCATION_SERVICE);
        Location last = lm.getLastKnownLocation(LocationManager.GPS_PROVIDER);
        last.getLatitude();
        last.getLongitude();
        lm.requestSingleUpdate(LocationManager.GPS_PROVIDER, new LocationListener() {
            @Override public void onLocationChanged(Location location) {}
        }, getMainLooper());
        lm.getCurrentLocation(LocationManager.FUSED_PROVIDER, null, getMainExecutor(), new java.util.function.Consumer<Location>() {
            @Override public void accept(Location location) {}
        });
        com.google.android.gms.location.FusedLocationProviderClient fused =
                com.google.android.gms.location.LocationServices.getFusedLocationProviderClient(this);
        fused.getLastLocation();
        fused.requestLocationUpdates(com.google.android.gms.location.LocationRequest.create(),
                new com.google.android.gms.location.LocationCallback() {}, getMainLooper());
        android.location.Geocoder geocoder = new android.location.Geocoder(this);
        try {
            geocoder.getFromLocation(39.9042, 116.4074, 1);
            geocoder.getFromLocationName("天安门", 1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        lm.requestLocationUpdates(LocationManager.NETWORK_PROVIDER, 1000L, 1f, new LocationListener() {
            @Override public void onLocationChanged(Location location) {}
        }, getMainLooper());
        Cursor c = getContentResolver().query(ContactsContract.Contacts.CONTENT_URI, null, null, null, null);
        if (c != null) c.close();
        for (android.net.Uri uri : new android.net.Uri[] {android.provider.CallLog.Calls.CONTENT_URI,
                android.provider.Telephony.Sms.CONTENT_URI, android.provider.CalendarContract.Events.CONTENT_URI,
                android.provider.MediaStore.Images.Media.EXTERNAL_CONTENT_URI}) {
            Cursor other = getContentResolver().query(uri, null, null, null, null);
            if (other != null) other.close();
        }
        android.speech.SpeechRecognizer speech = android.speech.SpeechRecognizer.createSpeechRecognizer(this);
        speech.startListening(new android.content.Intent(android.speech.RecognizerIntent.ACTION_RECOGNIZE_SPEECH));
        speech.destroy();
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
        pm.getInstalledApplications(0);
        ((android.app.ActivityManager) getSystemService(Context.ACTIVITY_SERVICE)).getRunningAppProcesses();
        try {
            pm.getPackageInfo("com.tencent.mm", 0);
        } catch (PackageManager.NameNotFoundException e) {
            throw new IllegalStateException(e);
        }
        android.os.Build.getSerial();
        android.bluetooth.BluetoothAdapter.getDefaultAdapter().getAddress();
        android.hardware.Camera.open(0).release();
        try {
            ((android.hardware.camera2.CameraManager) getSystemService(Context.CAMERA_SERVICE)).openCamera("0",
                    new android.hardware.camera2.CameraDevice.StateCallback() {
                        @Override public void onOpened(android.hardware.camera2.CameraDevice camera) { camera.close(); }
                        @Override public void onDisconnected(android.hardware.camera2.CameraDevice camera) {}
                        @Override public void onError(android.hardware.camera2.CameraDevice camera, int error) {}
                    }, null);
        } catch (android.hardware.camera2.CameraAccessException e) {
            throw new IllegalStateException(e);
        }
        android.hardware.SensorManager sm = (android.hardware.SensorManager) getSystemService(Context.SENSOR_SERVICE);
        sm.registerListener(new android.hardware.SensorEventListener() {
            @Override public void onSensorChanged(android.hardware.SensorEvent event) {}
            @Override public void onAccuracyChanged(android.hardware.Sensor sensor, int accuracy) {}
        }, sm.getDefaultSensor(android.hardware.Sensor.TYPE_ACCELEROMETER), android.hardware.SensorManager.SENSOR_DELAY_GAME);
        android.accounts.AccountManager.get(this).getAccounts();
        android.accounts.AccountManager.get(this).getAccountsByType("com.google");
        try {
            Runtime.getRuntime().exec(new String[] {"getprop", "ro.serialno"}).waitFor();
        } catch (IOException | InterruptedException e) {
            Log.w("Probe", "exec: " + e);  // no getprop on the sandbox host: the attempt is still an event
        }
        checkSelfPermission(android.Manifest.permission.CAMERA);
        requestPermissions(new String[] {android.Manifest.permission.CAMERA}, 1);
        // SDK consent beacons (signal 3) and an IAB TCF consent record
        com.umeng.commonsdk.UMConfigure.preInit(this, "probe-key", "probe");
        com.umeng.commonsdk.UMConfigure.init(this, "probe-key", "probe", 1, "");
        com.umeng.commonsdk.UMConfigure.submitPolicyGrantResult(this, true);
        com.amap.api.location.AMapLocationClient.updatePrivacyShow(this, true, true);
        com.amap.api.location.AMapLocationClient.updatePrivacyAgree(this, true);
        com.amap.api.maps.MapsInitializer.updatePrivacyShow(this, true, true);
        com.amap.api.maps.MapsInitializer.updatePrivacyAgree(this, true);
        com.amap.api.services.core.ServiceSettings.updatePrivacyAgree(this, true);
        cn.jiguang.api.utils.JCollectionAuth.setAuth(this, true);
        com.baidu.location.LocationClient.setAgreePrivacy(true);
        com.baidu.mapapi.SDKInitializer.setAgreePrivacy(this, true);
        com.tencent.map.geolocation.TencentLocationManager.setUserAgreePrivacy(true);
        getSharedPreferences("probe_tcf", MODE_PRIVATE).edit()
                .putString("IABTCF_PurposeConsents", "1111111111")
                .putString("not_a_tcf_key", "x")  // filtered out: no event
                .apply();
        Button b = new Button(this);
        b.setText("probe-click");
        setContentView(b);
        b.performClick();
        new Thread(new Runnable() {
            @Override public void run() {
                try {
                    // advertising identifiers: blocking calls, off the main thread as the SDKs require
                    com.google.android.gms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(Probe.this).getId();
                    com.huawei.hms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(Probe.this).getId();
                    new com.android.id.impl.IdProviderImpl().getOAID(Probe.this);
                    com.bun.miitmdid.core.MdidSdkHelper.InitSdk(Probe.this, false, new com.bun.miitmdid.interfaces.IIdentifierListener() {
                        @Override public void OnSupport(boolean isSupport, com.bun.miitmdid.interfaces.IdSupplier supplier) {}
                    });
                    new okhttp3.OkHttpClient.Builder().proxy(null).build()
                        .newCall(new okhttp3.Request.Builder().url("https://probe.privmon.invalid/okhttp").build());
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
