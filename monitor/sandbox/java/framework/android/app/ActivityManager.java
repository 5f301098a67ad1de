package android.app;

import java.util.ArrayList;
import java.util.List;

/** Information about activities, services and the containing process. */
public class ActivityManager {
    private final String mPackage;
    private final int mPid;

    /** @hide */
    public ActivityManager(String packageName, int pid) { mPackage = packageName; mPid = pid; }

    /** Since Android 5.1 only the caller's own processes are returned; SDKs still call it to list apps. */
    public List<RunningAppProcessInfo> getRunningAppProcesses() {
        List<RunningAppProcessInfo> out = new ArrayList<>();
        out.add(new RunningAppProcessInfo(mPackage, mPid, new String[] {mPackage}));
        return out;
    }

    public static class RunningAppProcessInfo {
        public String processName;
        public int pid;
        public String[] pkgList;

        public RunningAppProcessInfo(String processName, int pid, String[] pkgList) {
            this.processName = processName;
            this.pid = pid;
            this.pkgList = pkgList;
        }
    }
}
