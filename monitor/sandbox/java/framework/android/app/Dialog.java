package android.app;

import android.content.Context;
import android.content.DialogInterface;
import android.view.View;
import com.android.internal.sandbox.WindowManagerImpl;

/** Base class for Dialogs. A shown dialog is the top window of the sandbox screen. */
public class Dialog implements DialogInterface {
    private final Context mContext;
    private View mContentView;
    private boolean mShowing;
    private boolean mCancelable = true;
    private DialogInterface.OnDismissListener mOnDismiss;

    public Dialog(Context context) { mContext = context; }

    public final Context getContext() { return mContext; }

    public void setContentView(View view) { mContentView = view; }
    public View getContentView() { return mContentView; }

    public void setCancelable(boolean flag) { mCancelable = flag; }
    public boolean isCancelable() { return mCancelable; }

    public void setOnDismissListener(DialogInterface.OnDismissListener listener) { mOnDismiss = listener; }

    public void show() {
        if (mShowing) return;
        mShowing = true;
        WindowManagerImpl.get().addDialog(this);
    }

    public boolean isShowing() { return mShowing; }

    /** @hide The package that owns this window (a system dialog's is not the app's); null: the app. */
    public String getWindowPackage() { return null; }

    @Override public void dismiss() {
        if (!mShowing) return;
        mShowing = false;
        WindowManagerImpl.get().removeDialog(this);
        if (mOnDismiss != null) mOnDismiss.onDismiss(this);
    }

    @Override public void cancel() { dismiss(); }
}
