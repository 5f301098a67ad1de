package android.widget;

import android.content.Context;

/** A checkbox: "I have read and agree to the privacy policy". */
public class CheckBox extends CompoundButton {
    public CheckBox(Context context) { super(context); }
}
