package org.json;

import java.util.ArrayList;
import java.util.List;

/** A dense indexed sequence of values. */
public class JSONArray {
    private final List<Object> values = new ArrayList<>();

    public JSONArray() {}

    public JSONArray(String json) throws JSONException {
        Object object = new JSONTokener(json).nextValue();
        if (!(object instanceof JSONArray)) throw new JSONException("Value " + json + " cannot be converted to JSONArray");
        values.addAll(((JSONArray) object).values);
    }

    public int length() { return values.size(); }
    public JSONArray put(boolean value) { values.add(value); return this; }
    public JSONArray put(double value) throws JSONException { values.add(value); return this; }
    public JSONArray put(int value) { values.add(value); return this; }
    public JSONArray put(long value) { values.add(value); return this; }
    public JSONArray put(Object value) { values.add(value); return this; }

    public Object get(int index) throws JSONException {
        if (index < 0 || index >= values.size()) throw new JSONException("Index " + index + " out of range [0.." + values.size() + ")");
        return values.get(index);
    }
    public Object opt(int index) { return index < 0 || index >= values.size() ? null : values.get(index); }
    public String getString(int index) throws JSONException { return String.valueOf(get(index)); }
    public String optString(int index) { Object v = opt(index); return v == null || v == JSONObject.NULL ? "" : String.valueOf(v); }
    public JSONObject getJSONObject(int index) throws JSONException {
        Object v = get(index);
        if (v instanceof JSONObject) return (JSONObject) v;
        throw new JSONException("Value at " + index + " is not a JSONObject");
    }
    public JSONObject optJSONObject(int index) { Object v = opt(index); return v instanceof JSONObject ? (JSONObject) v : null; }
    public JSONArray getJSONArray(int index) throws JSONException {
        Object v = get(index);
        if (v instanceof JSONArray) return (JSONArray) v;
        throw new JSONException("Value at " + index + " is not a JSONArray");
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(',');
            JSONObject.writeValue(sb, values.get(i));
        }
        return sb.append(']').toString();
    }
}
