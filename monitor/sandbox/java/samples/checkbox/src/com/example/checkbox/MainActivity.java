package com.example.checkbox;

import android.app.Activity;
import android.app.Dialog;
import android.os.Bundle;
import android.provider.Settings;
import android.util.Log;
import android.view.View;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.LinearLayout;
import android.widget.TextView;

/** 同意并进入 does nothing until the checkbox is ticked; the Android ID is read only after agreeing. */
public class MainActivity extends Activity {
    @Override protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        LinearLayout root = new LinearLayout(this);
        root.setOrientation(LinearLayout.VERTICAL);
        final TextView status = new TextView(this);
        status.setText("首页");
        root.addView(status);
        setContentView(root);

        final Dialog dialog = new Dialog(this);
        dialog.setCancelable(false);
        LinearLayout box = new LinearLayout(this);
        box.setOrientation(LinearLayout.VERTICAL);
        TextView title = new TextView(this);
        title.setText("用户协议与隐私政策");
        box.addView(title);
        TextView message = new TextView(this);
        message.setText("请您务必审慎阅读《用户协议》和《隐私政策》。同意后我们将读取设备标识用于账号安全。");
        box.addView(message);
        final CheckBox agreeBox = new CheckBox(this);
        agreeBox.setText("我已阅读并同意《用户协议》和《隐私政策》");
        box.addView(agreeBox);
        LinearLayout buttons = new LinearLayout(this);
        buttons.setOrientation(LinearLayout.HORIZONTAL);
        Button no = new Button(this);
        no.setText("不同意");
        no.setOnClickListener(new View.OnClickListener() {
            @Override public void onClick(View v) {
                dialog.dismiss();
                status.setText("仅浏览模式");
            }
        });
        Button yes = new Button(this);
        yes.setText("同意并进入");
        yes.setOnClickListener(new View.OnClickListener() {
            @Override public void onClick(View v) {
                if (!agreeBox.isChecked()) {
                    Log.i("Checkbox", "please read and tick the agreement first");
                    return;
                }
                dialog.dismiss();
                String id = Settings.Secure.getString(getContentResolver(), Settings.Secure.ANDROID_ID);
                status.setText("欢迎 " + id.substring(0, 4));
            }
        });
        buttons.addView(no);
        buttons.addView(yes);
        box.addView(buttons);
        dialog.setContentView(box);
        dialog.show();
    }
}
