package android.net;

/** Immutable URI reference (scheme://authority/path?query#fragment). */
public final class Uri {
    private final String mUri;
    private final java.net.URI mParsed;

    private Uri(String uri) {
        mUri = uri;
        java.net.URI p;
        try { p = new java.net.URI(uri); } catch (java.net.URISyntaxException e) { p = null; }
        mParsed = p;
    }

    public static Uri parse(String uriString) {
        if (uriString == null) throw new NullPointerException("uriString");
        return new Uri(uriString);
    }

    public static Uri withAppendedPath(Uri baseUri, String pathSegment) {
        String base = baseUri.toString();
        return new Uri(base.endsWith("/") ? base + pathSegment : base + "/" + pathSegment);
    }

    public String getScheme() { return mParsed == null ? null : mParsed.getScheme(); }
    public String getAuthority() { return mParsed == null ? null : mParsed.getAuthority(); }
    public String getHost() { return mParsed == null ? null : mParsed.getHost(); }
    public String getPath() { return mParsed == null ? null : mParsed.getPath(); }
    public String getQuery() { return mParsed == null ? null : mParsed.getQuery(); }

    @Override public String toString() { return mUri; }
    @Override public boolean equals(Object o) { return o instanceof Uri && ((Uri) o).mUri.equals(mUri); }
    @Override public int hashCode() { return mUri.hashCode(); }
}
