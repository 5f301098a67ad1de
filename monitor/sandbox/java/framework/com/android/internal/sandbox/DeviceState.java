package com.android.internal.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/** The sandbox device's identity, sensors, settings, properties and this app's permission grants. */
public final class DeviceState {
    private static volatile DeviceState sInstance;

    private final Path mRoot;
    private final String mPackage;
    private final JSONObject mDevice;
    private final JSONObject mSettings;
    private final Map<String, String> mProps = new HashMap<>();
    private final Set<String> mGranted = new HashSet<>();
    private final Set<String> mDeclared = new HashSet<>();

    private DeviceState(Path root, String pkg) throws IOException, JSONException {
        mRoot = root;
        mPackage = pkg;
        mDevice = readJson(root.resolve("data/system/device.json"));
        mSettings = readJson(root.resolve("data/system/settings.json"));
        readProps(root, mProps);
        JSONObject entry = readJson(root.resolve("data/system/packages.json")).optJSONObject(pkg);
        JSONArray granted = entry == null ? null : entry.optJSONArray("granted");
        if (granted != null) for (int i = 0; i < granted.length(); i++) mGranted.add(granted.optString(i));
    }

    private static void readProps(Path root, Map<String, String> into) throws IOException {
        Path buildProp = root.resolve("system/build.prop");
        if (Files.exists(buildProp)) {
            for (String line : Files.readAllLines(buildProp, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) into.put(line.substring(0, eq).trim(), line.substring(eq + 1));
            }
        }
    }

    private static Map<String, String> sBootProps;

    /** The device's properties before the state is loaded: classes such as Build can be initialised
     * that early (the Frida agent loads the classes it hooks before main). The device root comes from
     * the JVM's command line (-Dprivmon.device, see devicefs.app_command), as a zygote inherits it. */
    private static synchronized Map<String, String> bootProps() {
        if (sBootProps == null) {
            sBootProps = new HashMap<>();
            String root = System.getProperty("privmon.device");
            if (root != null) {
                try {
                    readProps(Path.of(root), sBootProps);
                } catch (IOException e) {
                    System.err.println("W/DeviceState: boot properties unreadable: " + e);
                }
            }
        }
        return sBootProps;
    }

    private static JSONObject readJson(Path p) throws IOException, JSONException {
        if (!Files.exists(p)) return new JSONObject();
        return new JSONObject(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
    }

    /** Load the device at ROOT (see monitor/sandbox/devicefs.py for the layout) for one package. */
    public static DeviceState load(Path root, String pkg) throws IOException, JSONException {
        sInstance = new DeviceState(root, pkg);
        return sInstance;
    }

    public static DeviceState get() {
        DeviceState s = sInstance;
        if (s == null) throw new IllegalStateException("sandbox device state not loaded");
        return s;
    }

    public Path dir() { return mRoot; }

    /** A system property (ro.*; the boot properties before the state is loaded), or DEF when the device lacks it. */
    public static String prop(String key, String def) {
        DeviceState s = sInstance;
        String v = (s == null ? bootProps() : s.mProps).get(key);
        return v == null ? def : v;
    }

    public JSONObject section(String name) {
        JSONObject o = mDevice.optJSONObject(name);
        return o == null ? new JSONObject() : o;
    }

    public JSONArray array(String name) {
        JSONArray a = mDevice.optJSONArray(name);
        return a == null ? new JSONArray() : a;
    }

    public String str(String section, String key) {
        JSONObject o = section(section);
        return o.isNull(key) ? null : o.optString(key, null);
    }

    /** The device's current fix, as a location provider (framework or fused) reports it. */
    public android.location.Location currentFix(String provider) {
        android.location.Location l = new android.location.Location(provider);
        l.setLatitude(dbl("location", "latitude"));
        l.setLongitude(dbl("location", "longitude"));
        l.setAccuracy((float) dbl("location", "accuracy"));
        l.setTime(System.currentTimeMillis());
        return l;
    }

    public double dbl(String section, String key) { return section(section).optDouble(key, 0.0); }
    public int integer(String section, String key) { return section(section).optInt(key, 0); }

    public String setting(String namespace, String name) {
        JSONObject settings = mSettings.optJSONObject(namespace);
        return settings == null || settings.isNull(name) ? null : settings.optString(name, null);
    }

    public String promptAnswer() { return mDevice.optString("promptAnswer", "deny"); }

    public synchronized void declare(Set<String> manifestPermissions) { mDeclared.addAll(manifestPermissions); }
    public synchronized boolean isDeclared(String permission) { return mDeclared.contains(permission); }
    public synchronized boolean isGranted(String permission) { return mGranted.contains(permission) && mDeclared.contains(permission); }

    /** A grant from a runtime prompt persists, as on Android (packages.json, what `pm`/`dumpsys` read). */
    public synchronized void grant(String permission) {
        if (!mGranted.add(permission)) return;
        Path packages = mRoot.resolve("data/system/packages.json");
        try {
            JSONObject all = readJson(packages);
            JSONObject entry = all.optJSONObject(mPackage);
            if (entry == null) return;
            JSONArray granted = new JSONArray();
            for (String p : mGranted) granted.put(p);
            entry.put("granted", granted);
            Path tmp = packages.resolveSibling(".packages.json.runtime");
            Files.write(tmp, all.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, packages, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | JSONException e) {
            android.util.Log.w("PackageManager", "could not persist grant of " + permission + ": " + e);
        }
    }

    public void enforcePermission(String permission, String api) {
        if (!isGranted(permission)) throw new SecurityException(api + ": Neither user nor current process has " + permission + ".");
    }

    public void enforceAnyPermission(String api, String... permissions) {
        for (String p : permissions) if (isGranted(p)) return;
        throw new SecurityException(api + ": requires " + String.join(" or ", permissions));
    }
}
