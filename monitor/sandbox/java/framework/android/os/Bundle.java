package android.os;

import java.util.HashMap;
import java.util.Map;

/** A mapping from String keys to various values. */
public final class Bundle {
    private final Map<String, Object> mMap = new HashMap<>();
    public Bundle() {}
    public void putString(String key, String value) { mMap.put(key, value); }
    public String getString(String key) { Object v = mMap.get(key); return v instanceof String ? (String) v : null; }
    public void putInt(String key, int value) { mMap.put(key, value); }
    public int getInt(String key, int defaultValue) { Object v = mMap.get(key); return v instanceof Integer ? (Integer) v : defaultValue; }
    public boolean containsKey(String key) { return mMap.containsKey(key); }
    public int size() { return mMap.size(); }
}
