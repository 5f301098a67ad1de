package android.telephony;

/** A CellInfo representing an LTE cell. */
public final class CellInfoLte extends CellInfo {
    private final CellIdentityLte mIdentity;

    public CellInfoLte(CellIdentityLte identity) { mIdentity = identity; }

    public CellIdentityLte getCellIdentity() { return mIdentity; }

    @Override public String toString() { return "CellInfoLte:{ " + mIdentity + " }"; }
}
