package com.android.internal.sandbox;

import android.app.Dialog;
import android.content.Context;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;

/**
 * The runtime-permission dialog, as Android's permission controller shows it: its own window
 * package, its resource ids, and Android 11+ labels (While using the app / Only this time / Don't
 * allow for location, camera and microphone; Allow / Don't allow otherwise).
 */
final class PermissionDialog extends Dialog {
    static final String PACKAGE = "com.google.android.permissioncontroller";
    private static final int ID_MESSAGE = 0x01020f01;
    private static final int ID_ALLOW = 0x01020f02;
    private static final int ID_FOREGROUND = 0x01020f03;
    private static final int ID_ONCE = 0x01020f04;
    private static final int ID_DENY = 0x01020f05;

    interface Answer { void onAnswer(boolean granted); }

    PermissionDialog(Context context, String appLabel, String permission, final Answer answer) {
        super(context);
        setCancelable(false);
        WindowManagerImpl wm = WindowManagerImpl.get();
        wm.registerId(ID_MESSAGE, PACKAGE + ":id/permission_message");
        wm.registerId(ID_ALLOW, PACKAGE + ":id/permission_allow_button");
        wm.registerId(ID_FOREGROUND, PACKAGE + ":id/permission_allow_foreground_only_button");
        wm.registerId(ID_ONCE, PACKAGE + ":id/permission_allow_one_time_button");
        wm.registerId(ID_DENY, PACKAGE + ":id/permission_deny_button");
        LinearLayout root = new LinearLayout(context);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView message = new TextView(context);
        message.setId(ID_MESSAGE);
        message.setText("Allow " + appLabel + " to " + question(permission) + "?");
        root.addView(message);
        if (foregroundCapable(permission)) {
            root.addView(button(context, "While using the app", ID_FOREGROUND, true, answer));
            root.addView(button(context, "Only this time", ID_ONCE, true, answer));
        } else {
            root.addView(button(context, "Allow", ID_ALLOW, true, answer));
        }
        root.addView(button(context, "Don\u2019t allow", ID_DENY, false, answer));
        setContentView(root);
    }

    @Override public String getWindowPackage() { return PACKAGE; }

    private Button button(Context context, String text, int id, final boolean grants, final Answer answer) {
        Button b = new Button(context);
        b.setId(id);
        b.setText(text);
        b.setOnClickListener(new View.OnClickListener() {
            @Override public void onClick(View v) {
                dismiss();
                answer.onAnswer(grants);
            }
        });
        return b;
    }

    private static boolean foregroundCapable(String permission) {
        return permission.endsWith("_LOCATION") || permission.equals("android.permission.CAMERA")
                || permission.equals("android.permission.RECORD_AUDIO");
    }

    private static String question(String permission) {
        switch (permission) {
            case "android.permission.ACCESS_FINE_LOCATION":
            case "android.permission.ACCESS_COARSE_LOCATION": return "access this device's location";
            case "android.permission.CAMERA": return "take pictures and record video";
            case "android.permission.RECORD_AUDIO": return "record audio";
            case "android.permission.READ_CONTACTS": return "access your contacts";
            case "android.permission.READ_PHONE_STATE": return "make and manage phone calls";
            case "android.permission.READ_SMS": return "send and view SMS messages";
            case "android.permission.READ_CALL_LOG": return "access your phone call logs";
            case "android.permission.READ_CALENDAR": return "access your calendar";
            case "android.permission.POST_NOTIFICATIONS": return "send you notifications";
            default: return "use " + permission.substring(permission.lastIndexOf('.') + 1);
        }
    }
}
