package android.location;

import android.content.Context;
import com.android.internal.sandbox.DeviceState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Geocoding (address to coordinates) and reverse geocoding; the sandbox answers with the device's city. */
public final class Geocoder {
    private final Locale mLocale;

    public Geocoder(Context context) { this(context, Locale.getDefault()); }

    public Geocoder(Context context, Locale locale) { mLocale = locale; }

    public static boolean isPresent() { return true; }

    private Address address(double latitude, double longitude) {
        DeviceState s = DeviceState.get();
        Address a = new Address(mLocale);
        String city = s.str("location", "city");
        a.setLocality(city);
        a.setAddressLine(0, city);
        a.setCountryCode("CN");
        a.setLatitude(latitude);
        a.setLongitude(longitude);
        return a;
    }

    public List<Address> getFromLocation(double latitude, double longitude, int maxResults) throws IOException {
        if (latitude < -90 || latitude > 90) throw new IllegalArgumentException("latitude == " + latitude);
        if (longitude < -180 || longitude > 180) throw new IllegalArgumentException("longitude == " + longitude);
        List<Address> out = new ArrayList<>();
        if (maxResults > 0) out.add(address(latitude, longitude));
        return out;
    }

    public List<Address> getFromLocationName(String locationName, int maxResults) throws IOException {
        DeviceState s = DeviceState.get();
        List<Address> out = new ArrayList<>();
        if (maxResults > 0) out.add(address(s.dbl("location", "latitude"), s.dbl("location", "longitude")));
        return out;
    }
}
