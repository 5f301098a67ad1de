package android.app;

import android.content.SharedPreferences;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Preferences persisted as JSON under the device's /data/data/PKG/shared_prefs/. Named and placed as
 * on Android (android.app.SharedPreferencesImpl$EditorImpl), so hooks on the editor work on both.
 * @hide
 */
public final class SharedPreferencesImpl implements SharedPreferences {
    private final Path mFile;
    private final Map<String, Object> mMap = new HashMap<>();

    public SharedPreferencesImpl(Path file) {
        mFile = file;
        if (Files.exists(file)) {
            try {
                JSONObject o = new JSONObject(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                for (Iterator<String> it = o.keys(); it.hasNext(); ) {
                    String k = it.next();
                    Object v = o.opt(k);
                    if (v instanceof JSONArray) {
                        Set<String> s = new HashSet<>();
                        JSONArray a = (JSONArray) v;
                        for (int i = 0; i < a.length(); i++) s.add(a.optString(i));
                        v = s;
                    }
                    mMap.put(k, v);
                }
            } catch (IOException | JSONException e) {
                android.util.Log.w("SharedPreferencesImpl", "ignoring unreadable " + file + ": " + e);
            }
        }
    }

    @Override public synchronized Map<String, ?> getAll() { return new HashMap<>(mMap); }
    @Override public synchronized String getString(String key, String defValue) { Object v = mMap.get(key); return v instanceof String ? (String) v : defValue; }
    @SuppressWarnings("unchecked")
    @Override public synchronized Set<String> getStringSet(String key, Set<String> defValues) { Object v = mMap.get(key); return v instanceof Set ? (Set<String>) v : defValues; }
    @Override public synchronized int getInt(String key, int defValue) { Object v = mMap.get(key); return v instanceof Number ? ((Number) v).intValue() : defValue; }
    @Override public synchronized long getLong(String key, long defValue) { Object v = mMap.get(key); return v instanceof Number ? ((Number) v).longValue() : defValue; }
    @Override public synchronized float getFloat(String key, float defValue) { Object v = mMap.get(key); return v instanceof Number ? ((Number) v).floatValue() : defValue; }
    @Override public synchronized boolean getBoolean(String key, boolean defValue) { Object v = mMap.get(key); return v instanceof Boolean ? (Boolean) v : defValue; }
    @Override public synchronized boolean contains(String key) { return mMap.containsKey(key); }
    @Override public Editor edit() { return new EditorImpl(); }

    private synchronized boolean write(Map<String, Object> changes, boolean clear) {
        if (clear) mMap.clear();
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            if (e.getValue() == this) mMap.remove(e.getKey()); else mMap.put(e.getKey(), e.getValue());
        }
        try {
            JSONObject o = new JSONObject();
            for (Map.Entry<String, Object> e : mMap.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Set) {
                    JSONArray a = new JSONArray();
                    for (Object s : (Set<?>) v) a.put(s);
                    v = a;
                }
                o.put(e.getKey(), v);
            }
            Files.createDirectories(mFile.getParent());
            Files.write(mFile, o.toString().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException | JSONException e) {
            android.util.Log.e("SharedPreferencesImpl", "write failed: " + mFile, e);
            return false;
        }
    }

    private final class EditorImpl implements Editor {
        private final Map<String, Object> mChanges = new HashMap<>();
        private boolean mClear;
        @Override public Editor putString(String key, String value) { mChanges.put(key, value); return this; }
        @Override public Editor putStringSet(String key, Set<String> values) { mChanges.put(key, new HashSet<>(values)); return this; }
        @Override public Editor putInt(String key, int value) { mChanges.put(key, value); return this; }
        @Override public Editor putLong(String key, long value) { mChanges.put(key, value); return this; }
        @Override public Editor putFloat(String key, float value) { mChanges.put(key, (double) value); return this; }
        @Override public Editor putBoolean(String key, boolean value) { mChanges.put(key, value); return this; }
        @Override public Editor remove(String key) { mChanges.put(key, SharedPreferencesImpl.this); return this; }
        @Override public Editor clear() { mClear = true; return this; }
        @Override public boolean commit() { return write(mChanges, mClear); }
        @Override public void apply() { write(mChanges, mClear); }
    }
}
