package android.location;

import java.util.Locale;

/** A class representing an Address: a set of strings describing a location. */
public class Address {
    private final Locale mLocale;
    private String mAddressLine, mLocality, mCountryCode;
    private double mLatitude, mLongitude;

    public Address(Locale locale) { mLocale = locale; }

    public Locale getLocale() { return mLocale; }
    public String getAddressLine(int index) { return index == 0 ? mAddressLine : null; }
    public void setAddressLine(int index, String line) { if (index == 0) mAddressLine = line; }
    public String getLocality() { return mLocality; }
    public void setLocality(String locality) { mLocality = locality; }
    public String getCountryCode() { return mCountryCode; }
    public void setCountryCode(String countryCode) { mCountryCode = countryCode; }
    public double getLatitude() { return mLatitude; }
    public void setLatitude(double latitude) { mLatitude = latitude; }
    public double getLongitude() { return mLongitude; }
    public void setLongitude(double longitude) { mLongitude = longitude; }

    @Override public String toString() { return "Address[addressLines=[0:\"" + mAddressLine + "\"],locality=" + mLocality + "]"; }
}
