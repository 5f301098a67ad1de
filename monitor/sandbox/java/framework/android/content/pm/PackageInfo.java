package android.content.pm;

/** Overall information about the contents of a package. */
public class PackageInfo {
    public String packageName;
    public String versionName;
    public int versionCode;
    public long firstInstallTime;
    public long lastUpdateTime;
    public String[] requestedPermissions;
    public ApplicationInfo applicationInfo;

    @Override public String toString() { return "PackageInfo{" + packageName + "}"; }
}
