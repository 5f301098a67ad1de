package android.widget;

import android.content.Context;

/** A button with two states, checked and unchecked; a click toggles the state. */
public abstract class CompoundButton extends Button {
    private boolean mChecked;
    private OnCheckedChangeListener mListener;

    public interface OnCheckedChangeListener {
        void onCheckedChanged(CompoundButton buttonView, boolean isChecked);
    }

    public CompoundButton(Context context) { super(context); }

    public boolean isChecked() { return mChecked; }

    public void setChecked(boolean checked) {
        if (mChecked == checked) return;
        mChecked = checked;
        if (mListener != null) mListener.onCheckedChanged(this, checked);
    }

    public void toggle() { setChecked(!mChecked); }

    public void setOnCheckedChangeListener(OnCheckedChangeListener listener) { mListener = listener; }

    @Override public boolean performClick() {
        toggle();
        return super.performClick();
    }
}
