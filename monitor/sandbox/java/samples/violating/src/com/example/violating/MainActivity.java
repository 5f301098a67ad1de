package com.example.violating;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.content.SharedPreferences;
import android.os.Bundle;
import android.widget.LinearLayout;
import android.widget.TextView;

public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        TextView welcome = new TextView(this);
        welcome.setId(R.id.welcome);
        welcome.setText("Welcome");
        root.addView(welcome);
        setContentView(root);
        final SharedPreferences prefs = getSharedPreferences("settings", MODE_PRIVATE);
        if (!prefs.getBoolean("privacy_accepted", false)) {
            new AlertDialog.Builder(this)
                .setTitle("Privacy Policy")
                .setMessage("We use analytics to improve the app. Please read our Privacy Policy and User Agreement.")
                .setCancelable(false)
                .setPositiveButton("Agree", new DialogInterface.OnClickListener() {
                    @Override public void onClick(DialogInterface dialog, int which) {
                        prefs.edit().putBoolean("privacy_accepted", true).apply();
                    }
                })
                .setNegativeButton("Disagree", new DialogInterface.OnClickListener() {
                    @Override public void onClick(DialogInterface dialog, int which) {
                        finish();
                    }
                })
                .show();
        }
    }
}
