package com.android.internal.sandbox;

import android.os.Handler;
import android.os.Looper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Host control channel (the sandbox's equivalent of adb shell uiautomator / input / am): one JSON
 * object per line over a loopback TCP connection to the host. UI work runs on the main thread.
 */
final class ControlChannel implements Runnable {
    private static final long MAIN_THREAD_TIMEOUT_MS = 10_000;
    private final Socket mSocket;
    private final OutputStream mOut;
    private final Handler mMain;
    private final String mPackage;

    private ControlChannel(Socket socket, String pkg) throws IOException {
        mSocket = socket;
        mOut = socket.getOutputStream();
        mMain = new Handler(Looper.getMainLooper());
        mPackage = pkg;
    }

    /** Connect to a host that drives this app directly (the runner's control server). */
    static void connect(int port, String pkg) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        Thread t = new Thread(new ControlChannel(s, pkg), "privmon-control");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Listen on loopback and publish the port in the device (data/system/ui/PKG.port): the device's
     * uiautomator / input / screencap shims connect here, one client at a time.
     */
    static void listen(java.nio.file.Path portFile, final String pkg) throws IOException {
        final java.net.ServerSocket server = new java.net.ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        java.nio.file.Files.createDirectories(portFile.getParent());
        java.nio.file.Path tmp = portFile.resolveSibling("." + portFile.getFileName());
        java.nio.file.Files.write(tmp, Integer.toString(server.getLocalPort()).getBytes(StandardCharsets.US_ASCII));
        java.nio.file.Files.move(tmp, portFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    new ControlChannel(s, pkg).run();
                } catch (IOException e) {
                    System.err.println("W/privmon-control: accept failed: " + e);
                    return;
                }
            }
        }, "privmon-ui-server");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void send(JSONObject o) throws IOException {
        mOut.write((o.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        mOut.flush();
    }

    private interface MainCall { void run(JSONObject reply) throws Exception; }

    /** Runs on the main looper and waits for it: a busy main thread is an ANR, reported as an error. */
    private void onMain(JSONObject reply, MainCall call) throws JSONException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        mMain.post(() -> {
            try { call.run(reply); } catch (Throwable t) { error.set(t); } finally { done.countDown(); }
        });
        try {
            if (!done.await(MAIN_THREAD_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                reply.put("ok", false).put("error", "anr: main thread did not respond in " + MAIN_THREAD_TIMEOUT_MS + " ms");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.put("ok", false).put("error", "interrupted");
            return;
        }
        if (error.get() != null) reply.put("ok", false).put("error", String.valueOf(error.get()));
    }

    @Override public void run() {
        try (Socket socket = mSocket; BufferedReader in = new BufferedReader(new InputStreamReader(mSocket.getInputStream(), StandardCharsets.UTF_8))) {
            send(new JSONObject().put("event", "hello").put("package", mPackage).put("pid", ProcessHandle.current().pid()));
            String line;
            while ((line = in.readLine()) != null) {
                JSONObject cmd;
                JSONObject reply = new JSONObject();
                try {
                    cmd = new JSONObject(line);
                    reply.put("id", cmd.opt("id")).put("ok", true);
                    handle(cmd, reply);
                } catch (JSONException e) {
                    reply = new JSONObject().put("ok", false).put("error", "bad command: " + e.getMessage());
                }
                send(reply);
            }
        } catch (IOException | JSONException e) {
            System.err.println("W/privmon-control: control channel closed: " + e);
        }
    }

    private void handle(JSONObject cmd, JSONObject reply) throws JSONException {
        String op = cmd.optString("cmd");
        switch (op) {
            case "dump":
                onMain(reply, r -> r.put("xml", WindowManagerImpl.get().dump()));
                break;
            case "tap":
                final int x = cmd.getInt("x"), y = cmd.getInt("y");
                onMain(reply, r -> {
                    WindowManagerImpl.TapResult t = WindowManagerImpl.get().tap(x, y);
                    r.put("hit", t.hit).put("class", t.cls).put("text", t.text).put("resourceId", t.resourceId);
                });
                break;
            case "sync":
                onMain(reply, r -> r.put("pendingDue", Looper.getMainLooper().pendingDue()));
                break;
            case "screen":
                // input keyevent SLEEP / WAKEUP (the device's power manager); without "on", the state is read
                final boolean set = cmd.has("on"), on = cmd.optBoolean("on", true);
                onMain(reply, r -> {
                    if (set) Zygote.setScreen(on);
                    r.put("on", Zygote.screenOn());
                });
                break;
            case "top":
                onMain(reply, r -> r.put("activity", Zygote.topActivityName()));
                break;
            case "stop":
                // am force-stop: the process is killed, whatever it is doing.
                reply.put("stopping", true);
                try { send(reply); } catch (IOException e) { /* exiting anyway */ }
                System.exit(0);
                break;
            default:
                reply.put("ok", false).put("error", "unknown command: " + op);
        }
    }
}
