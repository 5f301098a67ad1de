package android.provider;

import android.net.Uri;

/** The contract between the calendar provider and applications. */
public final class CalendarContract {
    public static final String AUTHORITY = "com.android.calendar";
    private CalendarContract() {}

    public static final class Events {
        public static final Uri CONTENT_URI = Uri.parse("content://com.android.calendar/events");
        public static final String TITLE = "title";
        public static final String DTSTART = "dtstart";
        private Events() {}
    }
}
