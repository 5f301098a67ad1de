package android.util;

/** Utilities for encoding and decoding the Base64 representation of binary data. */
public class Base64 {
    public static final int DEFAULT = 0;
    public static final int NO_PADDING = 1;
    public static final int NO_WRAP = 2;
    public static final int CRLF = 4;
    public static final int URL_SAFE = 8;

    private Base64() {}

    private static java.util.Base64.Encoder encoder(int flags) {
        java.util.Base64.Encoder e = (flags & URL_SAFE) != 0 ? java.util.Base64.getUrlEncoder() : java.util.Base64.getEncoder();
        return (flags & NO_PADDING) != 0 ? e.withoutPadding() : e;
    }

    public static String encodeToString(byte[] input, int flags) {
        String s = encoder(flags).encodeToString(input);
        if ((flags & NO_WRAP) != 0) return s;
        StringBuilder sb = new StringBuilder();
        String nl = (flags & CRLF) != 0 ? "\r\n" : "\n";
        for (int i = 0; i < s.length(); i += 76) sb.append(s, i, Math.min(s.length(), i + 76)).append(nl);
        return sb.toString();
    }

    public static byte[] encode(byte[] input, int flags) {
        return encodeToString(input, flags).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static byte[] decode(String str, int flags) {
        String clean = str.replaceAll("\\s", "");
        return ((flags & URL_SAFE) != 0 ? java.util.Base64.getUrlDecoder() : java.util.Base64.getDecoder()).decode(clean);
    }

    public static byte[] decode(byte[] input, int flags) {
        return decode(new String(input, java.nio.charset.StandardCharsets.US_ASCII), flags);
    }
}
