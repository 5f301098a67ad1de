package android.content;

/** An abstract description of an operation to be performed. */
public class Intent {
    public static final String ACTION_MAIN = "android.intent.action.MAIN";
    public static final String CATEGORY_LAUNCHER = "android.intent.category.LAUNCHER";

    private String mAction;
    private String mClassName;

    public Intent() {}
    public Intent(String action) { mAction = action; }
    public Intent(Context packageContext, Class<?> cls) { mClassName = cls.getName(); }

    public String getAction() { return mAction; }
    public Intent setAction(String action) { mAction = action; return this; }
    public Intent setClassName(String packageName, String className) { mClassName = className; return this; }
    public String getClassName() { return mClassName; }
}
