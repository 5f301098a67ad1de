package android.app;

import android.R;
import android.content.Context;
import android.content.DialogInterface;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;

/** A dialog that can show a title, a message and up to three buttons (negative left, positive right). */
public class AlertDialog extends Dialog {
    private final Button[] mButtons = new Button[3];

    protected AlertDialog(Context context) { super(context); }

    public Button getButton(int whichButton) {
        switch (whichButton) {
            case DialogInterface.BUTTON_POSITIVE: return mButtons[0];
            case DialogInterface.BUTTON_NEGATIVE: return mButtons[1];
            case DialogInterface.BUTTON_NEUTRAL: return mButtons[2];
            default: return null;
        }
    }

    public static class Builder {
        private final Context mContext;
        private CharSequence mTitle;
        private CharSequence mMessage;
        private CharSequence mPositiveText, mNegativeText, mNeutralText;
        private DialogInterface.OnClickListener mPositive, mNegative, mNeutral;
        private boolean mCancelable = true;

        public Builder(Context context) { mContext = context; }

        public Context getContext() { return mContext; }
        public Builder setTitle(CharSequence title) { mTitle = title; return this; }
        public Builder setMessage(CharSequence message) { mMessage = message; return this; }
        public Builder setPositiveButton(CharSequence text, DialogInterface.OnClickListener listener) {
            mPositiveText = text; mPositive = listener; return this;
        }
        public Builder setNegativeButton(CharSequence text, DialogInterface.OnClickListener listener) {
            mNegativeText = text; mNegative = listener; return this;
        }
        public Builder setNeutralButton(CharSequence text, DialogInterface.OnClickListener listener) {
            mNeutralText = text; mNeutral = listener; return this;
        }
        public Builder setCancelable(boolean cancelable) { mCancelable = cancelable; return this; }

        public AlertDialog create() {
            final AlertDialog dialog = new AlertDialog(mContext);
            dialog.setCancelable(mCancelable);
            LinearLayout root = new LinearLayout(mContext);
            root.setOrientation(LinearLayout.VERTICAL);
            root.setId(R.id.parentPanel);
            if (mTitle != null) {
                TextView title = new TextView(mContext);
                title.setId(R.id.alertTitle);
                title.setText(mTitle);
                root.addView(title);
            }
            if (mMessage != null) {
                TextView message = new TextView(mContext);
                message.setId(R.id.message);
                message.setText(mMessage);
                root.addView(message);
            }
            LinearLayout panel = new LinearLayout(mContext);
            panel.setOrientation(LinearLayout.HORIZONTAL);
            panel.setId(R.id.buttonPanel);
            // Material layout order: neutral, negative, positive (left to right).
            addButton(dialog, panel, mNeutralText, mNeutral, DialogInterface.BUTTON_NEUTRAL, R.id.button3, 2);
            addButton(dialog, panel, mNegativeText, mNegative, DialogInterface.BUTTON_NEGATIVE, R.id.button2, 1);
            addButton(dialog, panel, mPositiveText, mPositive, DialogInterface.BUTTON_POSITIVE, R.id.button1, 0);
            if (panel.getChildCount() > 0) root.addView(panel);
            dialog.setContentView(root);
            return dialog;
        }

        private static void addButton(final AlertDialog dialog, LinearLayout panel, CharSequence text,
                                      final DialogInterface.OnClickListener listener, final int which, int id, int slot) {
            if (text == null) return;
            Button b = new Button(panel.getContext());
            b.setId(id);
            b.setText(text);
            b.setOnClickListener(new View.OnClickListener() {
                @Override public void onClick(View v) {
                    if (listener != null) listener.onClick(dialog, which);
                    dialog.dismiss();
                }
            });
            dialog.mButtons[slot] = b;
            panel.addView(b);
        }

        public AlertDialog show() {
            AlertDialog dialog = create();
            dialog.show();
            return dialog;
        }
    }
}
