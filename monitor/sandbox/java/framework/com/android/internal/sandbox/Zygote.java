package com.android.internal.sandbox;

import android.app.Activity;
import android.app.Application;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.os.Handler;
import android.os.Looper;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Sandbox process entry point: the job of Android's zygote + ActivityThread for one app.
 * Usage: Zygote --apk APP.jar --device DEVICE_ROOT [--control PORT]
 * (the app jar is on the class path, next to the framework jar).
 */
public final class Zygote implements ActivityHost {
    private static Zygote sInstance;
    private final ContextImpl mContext;
    private final AppManifest mManifest;
    private final Handler mMain;
    private Application mApplication;

    private Zygote(ContextImpl context, AppManifest manifest) {
        mContext = context;
        mManifest = manifest;
        mMain = new Handler(Looper.getMainLooper());
    }

    public static void main(String[] args) throws Exception {
        String apk = null, device = null;
        int control = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--apk": apk = args[i + 1]; break;
                case "--device": device = args[i + 1]; break;
                case "--control": control = Integer.parseInt(args[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (apk == null || device == null) {
            System.err.println("usage: Zygote --apk APP.jar --device DEVICE_ROOT [--control PORT]");
            System.exit(2);
        }
        Thread.currentThread().setName("main");
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.err.println("E/AndroidRuntime: FATAL EXCEPTION: " + t.getName());
            e.printStackTrace();
            System.exit(10);
        });
        Path deviceDir = Paths.get(device);
        AppManifest manifest = AppManifest.read(apk);
        DeviceState state = DeviceState.load(deviceDir, manifest.packageName);
        state.declare(manifest.permissions);
        NetworkConfig.apply(state);
        registerProcess(deviceDir, manifest.packageName);
        android.util.Log.i("ActivityManager", "Start proc " + ProcessHandle.current().pid() + ":" + manifest.packageName
                + " for activity " + manifest.packageName + "/" + manifest.launcherActivity);
        Looper.prepareMainLooper();
        ContextImpl ctx = new ContextImpl(state, manifest);
        sInstance = new Zygote(ctx, manifest);
        WindowManagerImpl.get().init(manifest.packageName);
        if (control > 0) ControlChannel.connect(control, manifest.packageName);
        else ControlChannel.listen(deviceDir.resolve("data/system/ui/" + manifest.packageName + ".port"), manifest.packageName);
        sInstance.mMain.post(sInstance::bindApplication);
        Looper.loop();
    }

    /** The device's process table (what pidof / am force-stop / dumpsys read). */
    private static void registerProcess(Path deviceDir, String pkg) throws java.io.IOException {
        Path procs = deviceDir.resolve("data/system/procs");
        java.nio.file.Files.createDirectories(procs);
        java.nio.file.Files.write(procs.resolve(pkg + ".pid"),
                Long.toString(ProcessHandle.current().pid()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.nio.file.Files.write(deviceDir.resolve("data/system/foreground"), pkg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void bindApplication() {
        try {
            Application app = mManifest.applicationClass == null
                    ? new Application()
                    : (Application) Class.forName(mManifest.applicationClass).getDeclaredConstructor().newInstance();
            app.attach(mContext);
            mContext.setApplication(app);
            mApplication = app;
            app.onCreate();
        } catch (ReflectiveOperationException e) {
            throw new RuntimeException("Unable to instantiate application " + mManifest.applicationClass + ": " + e, e);
        }
        launch(mManifest.launcherActivity);
    }

    private void launch(String className) {
        List<Activity> stack = WindowManagerImpl.get().activities();
        if (!stack.isEmpty()) {
            Activity top = stack.get(stack.size() - 1);
            top.performPause();
        }
        Activity a;
        try {
            a = (Activity) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new RuntimeException("Unable to instantiate activity " + className + ": " + e, e);
        }
        a.attach(mContext, mApplication, this);
        WindowManagerImpl.get().addActivity(a);
        a.performCreate(null);
        a.performStart();
        a.performResume();
    }

    static void startActivity(Intent intent) {
        final String cls = intent.getClassName();
        if (cls == null) throw new IllegalArgumentException("sandbox supports explicit intents only");
        sInstance.mMain.post(() -> sInstance.launch(cls));
    }

    private static boolean sScreenOn = true;

    static boolean screenOn() {
        return sScreenOn;
    }

    /**
     * The screen turned off or on (power key, main thread). As on Android, turning it off pauses and
     * stops the resumed activity; turning it on starts and resumes it again (no lock screen).
     */
    static void setScreen(boolean on) {
        if (on == sScreenOn) return;
        sScreenOn = on;
        List<Activity> stack = WindowManagerImpl.get().activities();
        if (stack.isEmpty()) return;
        Activity top = stack.get(stack.size() - 1);
        if (on) {
            top.performStart();
            top.performResume();
        } else {
            top.performPause();
            top.performStop();
        }
    }

    static String topActivityName() {
        List<Activity> stack = WindowManagerImpl.get().activities();
        return stack.isEmpty() ? "" : stack.get(stack.size() - 1).getClass().getName();
    }

    @Override public void onContentChanged(Activity activity) {}

    @Override public void onFinish(final Activity activity) {
        mMain.post(() -> {
            List<Activity> stack = WindowManagerImpl.get().activities();
            boolean wasTop = !stack.isEmpty() && stack.get(stack.size() - 1) == activity;
            if (wasTop) activity.performPause();
            activity.performStop();
            activity.performDestroy();
            WindowManagerImpl.get().removeActivity(activity);
            if (wasTop && !stack.isEmpty()) stack.get(stack.size() - 1).performResume();
            // As on Android, the process outlives its last activity; only System.exit or a kill ends it.
        });
    }

    @Override public void requestPermissions(final Activity activity, final String[] permissions, final int requestCode) {
        mMain.post(() -> {
            DeviceState state = DeviceState.get();
            int[] results = new int[permissions.length];
            java.util.List<Integer> ask = new java.util.ArrayList<>();
            for (int i = 0; i < permissions.length; i++) {
                String p = permissions[i];
                boolean ok = state.isGranted(p);
                if (!ok && state.isDeclared(p)) {
                    switch (state.promptAnswer()) {
                        case "grant": state.grant(p); ok = true; break;
                        case "dialog": ask.add(i); break;  // the permission controller asks the user
                        default: break;
                    }
                }
                results[i] = ok ? PackageManager.PERMISSION_GRANTED : PackageManager.PERMISSION_DENIED;
            }
            askNext(activity, permissions, requestCode, results, ask, 0);
        });
    }

    /** One permission dialog at a time, as the permission controller does; results go back together. */
    private void askNext(Activity activity, String[] permissions, int requestCode, int[] results, java.util.List<Integer> ask, int at) {
        if (at == ask.size()) {
            activity.dispatchRequestPermissionsResult(requestCode, permissions, results);
            return;
        }
        final int i = ask.get(at);
        new PermissionDialog(mContext, mManifest.label, permissions[i], granted -> {
            if (granted) {
                DeviceState.get().grant(permissions[i]);
                results[i] = PackageManager.PERMISSION_GRANTED;
            }
            mMain.post(() -> askNext(activity, permissions, requestCode, results, ask, at + 1));
        }).show();
    }
}
