package android;

/** Platform permission names. */
public final class Manifest {
    private Manifest() {}
    public static final class permission {
        private permission() {}
        public static final String READ_PHONE_STATE = "android.permission.READ_PHONE_STATE";
        public static final String ACCESS_FINE_LOCATION = "android.permission.ACCESS_FINE_LOCATION";
        public static final String ACCESS_COARSE_LOCATION = "android.permission.ACCESS_COARSE_LOCATION";
        public static final String READ_CONTACTS = "android.permission.READ_CONTACTS";
        public static final String RECORD_AUDIO = "android.permission.RECORD_AUDIO";
        public static final String CAMERA = "android.permission.CAMERA";
        public static final String INTERNET = "android.permission.INTERNET";
        public static final String ACCESS_WIFI_STATE = "android.permission.ACCESS_WIFI_STATE";
        public static final String QUERY_ALL_PACKAGES = "android.permission.QUERY_ALL_PACKAGES";
        public static final String BLUETOOTH_CONNECT = "android.permission.BLUETOOTH_CONNECT";
        public static final String GET_ACCOUNTS = "android.permission.GET_ACCOUNTS";
    }
}
