package android.widget;

import android.content.Context;
import android.view.View;

/** A user interface element that displays text to the user. */
public class TextView extends View {
    private CharSequence mText = "";

    public TextView(Context context) { super(context); }

    public final void setText(CharSequence text) { mText = text == null ? "" : text; }
    public CharSequence getText() { return mText; }
}
