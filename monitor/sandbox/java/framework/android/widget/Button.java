package android.widget;

import android.content.Context;

/** A user interface element the user can tap or click to perform an action. */
public class Button extends TextView {
    public Button(Context context) {
        super(context);
        setClickable(true);
    }
}
