package android.view;

import android.content.Context;

/** The basic building block for user interface components. */
public class View {
    public static final int NO_ID = -1;
    public static final int VISIBLE = 0x00000000;
    public static final int INVISIBLE = 0x00000004;
    public static final int GONE = 0x00000008;

    private final Context mContext;
    private int mId = NO_ID;
    private int mVisibility = VISIBLE;
    private boolean mClickable;
    private boolean mEnabled = true;
    private CharSequence mContentDescription;
    private OnClickListener mOnClickListener;
    private ViewGroup mParent;
    private Object mTag;

    public View(Context context) { mContext = context; }

    public final Context getContext() { return mContext; }
    public int getId() { return mId; }
    public void setId(int id) { mId = id; }
    public void setVisibility(int visibility) { mVisibility = visibility; }
    public int getVisibility() { return mVisibility; }
    public void setEnabled(boolean enabled) { mEnabled = enabled; }
    public boolean isEnabled() { return mEnabled; }
    public void setClickable(boolean clickable) { mClickable = clickable; }
    public boolean isClickable() { return mClickable; }
    public void setContentDescription(CharSequence contentDescription) { mContentDescription = contentDescription; }
    public CharSequence getContentDescription() { return mContentDescription; }
    public void setTag(Object tag) { mTag = tag; }
    public Object getTag() { return mTag; }
    public final ViewGroup getParent() { return mParent; }
    final void assignParent(ViewGroup parent) { mParent = parent; }

    public void setOnClickListener(OnClickListener l) {
        if (!isClickable()) setClickable(true);
        mOnClickListener = l;
    }

    public boolean hasOnClickListeners() { return mOnClickListener != null; }

    /** Call this view's OnClickListener, if it is defined. Taps on the sandbox screen end here, as on Android. */
    public boolean performClick() {
        if (mOnClickListener != null) {
            mOnClickListener.onClick(this);
            return true;
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    public <T extends View> T findViewById(int id) {
        if (id == NO_ID) return null;
        return id == mId ? (T) this : null;
    }

    public interface OnClickListener {
        void onClick(View v);
    }
}
