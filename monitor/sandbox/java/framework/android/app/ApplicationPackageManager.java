package android.app;

import android.content.pm.ApplicationInfo;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
import com.android.internal.sandbox.DeviceState;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;

/** The PackageManager implementation an app's Context returns (the same class as on Android). */
public class ApplicationPackageManager extends PackageManager {
    private final DeviceState mState;
    private final String mPackage;
    private final String mVersionName;
    private final int mVersionCode;
    private final String[] mPermissions;

    /** @hide */
    public ApplicationPackageManager(DeviceState state, String pkg, String versionName, int versionCode, String[] permissions) {
        mState = state;
        mPackage = pkg;
        mVersionName = versionName;
        mVersionCode = versionCode;
        mPermissions = permissions.clone();
    }

    private static PackageInfo info(String pkg, String version) {
        PackageInfo pi = new PackageInfo();
        pi.packageName = pkg;
        pi.versionName = version;
        ApplicationInfo ai = new ApplicationInfo();
        ai.packageName = pkg;
        pi.applicationInfo = ai;
        return pi;
    }

    private List<PackageInfo> packages() {
        List<PackageInfo> out = new ArrayList<>();
        PackageInfo self = info(mPackage, mVersionName);
        self.versionCode = mVersionCode;
        self.requestedPermissions = mPermissions.clone();
        out.add(self);
        JSONArray pkgs = mState.array("packages");
        for (int i = 0; i < pkgs.length(); i++) {
            JSONObject p = pkgs.optJSONObject(i);
            if (p != null) out.add(info(p.optString("name"), p.optString("version", "1.0")));
        }
        return out;
    }

    @Override public List<PackageInfo> getInstalledPackages(int flags) { return packages(); }

    @Override public List<ApplicationInfo> getInstalledApplications(int flags) {
        List<ApplicationInfo> out = new ArrayList<>();
        for (PackageInfo pi : packages()) out.add(pi.applicationInfo);
        return out;
    }

    @Override public PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException {
        for (PackageInfo pi : packages()) if (pi.packageName.equals(packageName)) return pi;
        throw new NameNotFoundException(packageName);
    }

    @Override public int checkPermission(String permName, String packageName) {
        return packageName.equals(mPackage) && mState.isGranted(permName) ? PERMISSION_GRANTED : PERMISSION_DENIED;
    }
}
