package com.android.internal.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/** The sandbox device's identity, sensors, settings and permission grants, loaded from state.json. */
public final class DeviceState {
    private static volatile DeviceState sInstance;

    private final JSONObject mRoot;
    private final Path mDir;
    private final Set<String> mGranted = new HashSet<>();
    private final Set<String> mDeclared = new HashSet<>();

    private DeviceState(JSONObject root, Path dir) {
        mRoot = root;
        mDir = dir;
        JSONObject perms = root.optJSONObject("permissions");
        JSONArray granted = perms == null ? null : perms.optJSONArray("granted");
        if (granted != null) for (int i = 0; i < granted.length(); i++) mGranted.add(granted.optString(i));
    }

    public static DeviceState load(Path dir) throws IOException, JSONException {
        String text = new String(Files.readAllBytes(dir.resolve("state.json")), StandardCharsets.UTF_8);
        sInstance = new DeviceState(new JSONObject(text), dir);
        return sInstance;
    }

    public static DeviceState get() {
        DeviceState s = sInstance;
        if (s == null) throw new IllegalStateException("sandbox device state not loaded");
        return s;
    }

    public Path dir() { return mDir; }

    /** A system property (ro.*) or the default when the state is not loaded or lacks it. */
    public static String prop(String key, String def) {
        DeviceState s = sInstance;
        if (s == null) return def;
        JSONObject props = s.mRoot.optJSONObject("props");
        return props == null ? def : props.optString(key, def);
    }

    public JSONObject section(String name) {
        JSONObject o = mRoot.optJSONObject(name);
        return o == null ? new JSONObject() : o;
    }

    public JSONArray array(String name) {
        JSONArray a = mRoot.optJSONArray(name);
        return a == null ? new JSONArray() : a;
    }

    public String str(String section, String key) {
        JSONObject o = section(section);
        return o.isNull(key) ? null : o.optString(key, null);
    }

    public double dbl(String section, String key) { return section(section).optDouble(key, 0.0); }
    public int integer(String section, String key) { return section(section).optInt(key, 0); }

    public String setting(String namespace, String name) {
        JSONObject settings = section("settings").optJSONObject(namespace);
        return settings == null || settings.isNull(name) ? null : settings.optString(name, null);
    }

    public String promptAnswer() { return section("permissions").optString("promptAnswer", "deny"); }

    public synchronized void declare(Set<String> manifestPermissions) { mDeclared.addAll(manifestPermissions); }
    public synchronized boolean isDeclared(String permission) { return mDeclared.contains(permission); }
    public synchronized boolean isGranted(String permission) { return mGranted.contains(permission) && mDeclared.contains(permission); }
    public synchronized void grant(String permission) { mGranted.add(permission); }

    public void enforcePermission(String permission, String api) {
        if (!isGranted(permission)) throw new SecurityException(api + ": Neither user nor current process has " + permission + ".");
    }

    public void enforceAnyPermission(String api, String... permissions) {
        for (String p : permissions) if (isGranted(p)) return;
        throw new SecurityException(api + ": requires " + String.join(" or ", permissions));
    }
}
