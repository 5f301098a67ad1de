package android.telephony;

/** Abstract class that represents the location of the device (deprecated since API 26, still served). */
public abstract class CellLocation {
}
