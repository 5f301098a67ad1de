package android.util;

import java.io.PrintWriter;
import java.io.StringWriter;

/** API for sending log output (the sandbox's logcat is the process's stderr). */
public final class Log {
    public static final int VERBOSE = 2, DEBUG = 3, INFO = 4, WARN = 5, ERROR = 6;
    private Log() {}

    private static int println(char level, String tag, String msg) {
        System.err.println(level + "/" + tag + ": " + msg);
        return msg == null ? 0 : msg.length();
    }

    public static int v(String tag, String msg) { return println('V', tag, msg); }
    public static int d(String tag, String msg) { return println('D', tag, msg); }
    public static int i(String tag, String msg) { return println('I', tag, msg); }
    public static int w(String tag, String msg) { return println('W', tag, msg); }
    public static int e(String tag, String msg) { return println('E', tag, msg); }
    public static int e(String tag, String msg, Throwable tr) { return println('E', tag, msg + "\n" + getStackTraceString(tr)); }

    public static String getStackTraceString(Throwable tr) {
        if (tr == null) return "";
        StringWriter sw = new StringWriter();
        tr.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }
}
