package android.widget;

import android.content.Context;
import android.view.ViewGroup;

/** A layout that arranges its children in a single row or column. */
public class LinearLayout extends ViewGroup {
    public static final int HORIZONTAL = 0;
    public static final int VERTICAL = 1;
    private int mOrientation = HORIZONTAL;

    public LinearLayout(Context context) { super(context); }

    public void setOrientation(int orientation) { mOrientation = orientation; }
    public int getOrientation() { return mOrientation; }
}
