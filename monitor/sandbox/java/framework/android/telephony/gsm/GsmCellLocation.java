package android.telephony.gsm;

import android.telephony.CellLocation;

/** Represents the cell location on a GSM phone. */
public class GsmCellLocation extends CellLocation {
    private final int mLac, mCid;

    public GsmCellLocation(int lac, int cid) { mLac = lac; mCid = cid; }

    public int getLac() { return mLac; }
    public int getCid() { return mCid; }

    @Override public String toString() { return "[" + mLac + "," + mCid + ",-1]"; }
}
