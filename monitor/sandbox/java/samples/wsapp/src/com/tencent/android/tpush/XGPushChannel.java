package com.tencent.android.tpush;

import android.content.Context;
import android.provider.Settings;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** A push SDK's long connection: a WebSocket whose first message registers the device by Android ID. */
public final class XGPushChannel {
    private XGPushChannel() {}

    public static void register(Context context) {
        final String aid = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        Request request = new Request.Builder().url("wss://push.tpns.tencent.com/v3/ws").build();
        new OkHttpClient().newWebSocket(request, new WebSocketListener() {
            @Override public void onOpen(WebSocket socket) {
                socket.send("{\"cmd\":\"register\",\"token\":\"" + aid + "\"}");
            }

            @Override public void onMessage(WebSocket socket, String text) {
                System.err.println("XGPushChannel: server said " + text);
                socket.close(1000, "bye");
            }

            @Override public void onFailure(WebSocket socket, Throwable t) {
                System.err.println("XGPushChannel: " + t);
            }
        });
    }
}
