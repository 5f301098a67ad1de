package org.json;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** A modifiable set of name/value mappings. Names are unique, non-null strings. */
public class JSONObject {
    public static final Object NULL = new Object() {
        @Override public boolean equals(Object o) { return o == this || o == null; }
        @Override public int hashCode() { return 0; }
        @Override public String toString() { return "null"; }
    };

    private final LinkedHashMap<String, Object> nameValuePairs = new LinkedHashMap<>();

    public JSONObject() {}

    public JSONObject(String json) throws JSONException {
        Object object = new JSONTokener(json).nextValue();
        if (!(object instanceof JSONObject)) throw new JSONException("Value " + json + " cannot be converted to JSONObject");
        nameValuePairs.putAll(((JSONObject) object).nameValuePairs);
    }

    public JSONObject(Map<?, ?> copyFrom) {
        for (Map.Entry<?, ?> e : copyFrom.entrySet()) nameValuePairs.put(String.valueOf(e.getKey()), e.getValue());
    }

    public int length() { return nameValuePairs.size(); }

    public JSONObject put(String name, boolean value) throws JSONException { nameValuePairs.put(checkName(name), value); return this; }
    public JSONObject put(String name, double value) throws JSONException {
        if (Double.isNaN(value) || Double.isInfinite(value)) throw new JSONException("Forbidden numeric value: " + value);
        nameValuePairs.put(checkName(name), value); return this;
    }
    public JSONObject put(String name, int value) throws JSONException { nameValuePairs.put(checkName(name), value); return this; }
    public JSONObject put(String name, long value) throws JSONException { nameValuePairs.put(checkName(name), value); return this; }
    public JSONObject put(String name, Object value) throws JSONException {
        if (value == null) { nameValuePairs.remove(name); return this; }
        nameValuePairs.put(checkName(name), value); return this;
    }

    private static String checkName(String name) throws JSONException {
        if (name == null) throw new JSONException("Names must be non-null");
        return name;
    }

    public boolean has(String name) { return nameValuePairs.containsKey(name); }
    public boolean isNull(String name) { Object v = nameValuePairs.get(name); return v == null || v == NULL; }
    public Object opt(String name) { return nameValuePairs.get(name); }
    public Object remove(String name) { return nameValuePairs.remove(name); }

    public Object get(String name) throws JSONException {
        Object result = nameValuePairs.get(name);
        if (result == null) throw new JSONException("No value for " + name);
        return result;
    }

    public String getString(String name) throws JSONException {
        Object v = get(name);
        if (v == NULL) throw new JSONException("Value null at " + name + " is not a string");
        return String.valueOf(v);
    }
    public String optString(String name) { return optString(name, ""); }
    public String optString(String name, String fallback) {
        Object v = opt(name);
        return v == null || v == NULL ? fallback : String.valueOf(v);
    }
    public int getInt(String name) throws JSONException {
        Object v = get(name);
        if (v instanceof Number) return ((Number) v).intValue();
        try { return Integer.parseInt(String.valueOf(v)); } catch (NumberFormatException e) { throw new JSONException("Value " + v + " at " + name + " is not an int"); }
    }
    public int optInt(String name, int fallback) { try { return getInt(name); } catch (JSONException e) { return fallback; } }
    public long getLong(String name) throws JSONException {
        Object v = get(name);
        if (v instanceof Number) return ((Number) v).longValue();
        try { return Long.parseLong(String.valueOf(v)); } catch (NumberFormatException e) { throw new JSONException("Value " + v + " at " + name + " is not a long"); }
    }
    public double getDouble(String name) throws JSONException {
        Object v = get(name);
        if (v instanceof Number) return ((Number) v).doubleValue();
        try { return Double.parseDouble(String.valueOf(v)); } catch (NumberFormatException e) { throw new JSONException("Value " + v + " at " + name + " is not a double"); }
    }
    public double optDouble(String name, double fallback) { try { return getDouble(name); } catch (JSONException e) { return fallback; } }
    public boolean getBoolean(String name) throws JSONException {
        Object v = get(name);
        if (v instanceof Boolean) return (Boolean) v;
        if ("true".equalsIgnoreCase(String.valueOf(v))) return true;
        if ("false".equalsIgnoreCase(String.valueOf(v))) return false;
        throw new JSONException("Value " + v + " at " + name + " is not a boolean");
    }
    public boolean optBoolean(String name, boolean fallback) { try { return getBoolean(name); } catch (JSONException e) { return fallback; } }
    public JSONObject getJSONObject(String name) throws JSONException {
        Object v = get(name);
        if (v instanceof JSONObject) return (JSONObject) v;
        throw new JSONException("Value at " + name + " is not a JSONObject");
    }
    public JSONObject optJSONObject(String name) { Object v = opt(name); return v instanceof JSONObject ? (JSONObject) v : null; }
    public JSONArray getJSONArray(String name) throws JSONException {
        Object v = get(name);
        if (v instanceof JSONArray) return (JSONArray) v;
        throw new JSONException("Value at " + name + " is not a JSONArray");
    }
    public JSONArray optJSONArray(String name) { Object v = opt(name); return v instanceof JSONArray ? (JSONArray) v : null; }
    public Iterator<String> keys() { return nameValuePairs.keySet().iterator(); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : nameValuePairs.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            sb.append(quote(e.getKey())).append(':');
            writeValue(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    static void writeValue(StringBuilder sb, Object v) {
        if (v == null || v == NULL) sb.append("null");
        else if (v instanceof JSONObject || v instanceof JSONArray) sb.append(v);
        else if (v instanceof Boolean) sb.append(v);
        else if (v instanceof Number) sb.append(numberToString((Number) v));
        else sb.append(quote(v.toString()));
    }

    public static String numberToString(Number number) {
        double d = number.doubleValue();
        if (number instanceof Double || number instanceof Float) {
            if (d == (long) d && Math.abs(d) < 1e15) return Long.toString((long) d);
        }
        return number.toString();
    }

    public static String quote(String data) {
        if (data == null) return "\"\"";
        StringBuilder sb = new StringBuilder(data.length() + 2).append('"');
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            switch (c) {
                case '"': case '\\': case '/': sb.append('\\').append(c); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c <= 0x1F) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
