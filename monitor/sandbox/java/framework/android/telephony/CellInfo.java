package android.telephony;

/** Immutable cell information from a point in time. */
public abstract class CellInfo {
    public boolean isRegistered() { return true; }
}
