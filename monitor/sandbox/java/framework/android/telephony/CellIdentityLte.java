package android.telephony;

/** LTE cell identity: MCC, MNC, TAC and cell id. */
public final class CellIdentityLte {
    private final String mMcc, mMnc;
    private final int mTac, mCi;

    public CellIdentityLte(String mcc, String mnc, int tac, int ci) { mMcc = mcc; mMnc = mnc; mTac = tac; mCi = ci; }

    public String getMccString() { return mMcc; }
    public String getMncString() { return mMnc; }
    public int getTac() { return mTac; }
    public int getCi() { return mCi; }

    @Override public String toString() { return "CellIdentityLte:{ mCi=" + mCi + " mTac=" + mTac + " mMcc=" + mMcc + " mMnc=" + mMnc + "}"; }
}
