package android.content.pm;

/** Information about a particular application. */
public class ApplicationInfo {
    public static final int FLAG_SYSTEM = 1;
    public String packageName;
    public String className;
    public String name;
    public int flags;
    public int uid;
}
