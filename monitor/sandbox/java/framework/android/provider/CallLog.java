package android.provider;

import android.net.Uri;

/** The CallLog provider contains information about placed and received calls. */
public class CallLog {
    public static final String AUTHORITY = "call_log";
    public static final Uri CONTENT_URI = Uri.parse("content://" + AUTHORITY);

    public static class Calls {
        public static final Uri CONTENT_URI = Uri.parse("content://call_log/calls");
        public static final String NUMBER = "number";
        public static final String DATE = "date";
        public static final String DURATION = "duration";
        public static final String TYPE = "type";
    }
}
