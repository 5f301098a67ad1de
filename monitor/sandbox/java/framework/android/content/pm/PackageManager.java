package android.content.pm;

import android.util.AndroidException;
import java.util.List;

/** Class for retrieving information related to the application packages installed on the device. */
public abstract class PackageManager {
    public static final int PERMISSION_GRANTED = 0;
    public static final int PERMISSION_DENIED = -1;
    public static final int GET_PERMISSIONS = 0x00001000;
    public static final int GET_META_DATA = 0x00000080;

    public abstract List<PackageInfo> getInstalledPackages(int flags);
    public abstract List<ApplicationInfo> getInstalledApplications(int flags);
    public abstract PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException;
    public abstract int checkPermission(String permName, String packageName);

    public static class NameNotFoundException extends AndroidException {
        public NameNotFoundException() {}
        public NameNotFoundException(String name) { super(name); }
    }
}
