package android.bluetooth;

import com.android.internal.sandbox.DeviceState;

/** The local Bluetooth adapter. */
public final class BluetoothAdapter {
    private static final BluetoothAdapter DEFAULT = new BluetoothAdapter();

    private BluetoothAdapter() {}

    public static BluetoothAdapter getDefaultAdapter() { return DEFAULT; }

    public String getAddress() {
        DeviceState.get().enforcePermission("android.permission.BLUETOOTH_CONNECT", "getAddress");
        String mac = DeviceState.get().str("bluetooth", "mac");
        return mac == null ? "02:00:00:00:00:00" : mac;
    }

    public String getName() { return DeviceState.prop("ro.product.model", "Android"); }

    public boolean isEnabled() { return true; }
}
