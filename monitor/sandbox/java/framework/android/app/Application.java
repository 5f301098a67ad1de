package android.app;

import android.content.Context;
import android.content.ContextWrapper;

/** Base class for maintaining global application state. */
public class Application extends ContextWrapper {
    public Application() { super(null); }

    /** Called by the sandbox process runtime (as ActivityThread does on Android). */
    public final void attach(Context context) { attachBaseContext(context); }

    public void onCreate() {}
    public void onTerminate() {}
}
