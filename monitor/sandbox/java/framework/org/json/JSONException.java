package org.json;

/** Thrown to indicate a problem with the JSON API. */
public class JSONException extends Exception {
    public JSONException(String s) { super(s); }
    public JSONException(String message, Throwable cause) { super(message, cause); }
}
