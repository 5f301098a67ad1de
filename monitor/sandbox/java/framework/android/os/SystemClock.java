package android.os;

/** Core timekeeping facilities. */
public final class SystemClock {
    private static final long BOOT_NANOS = System.nanoTime();
    private SystemClock() {}
    public static long uptimeMillis() { return (System.nanoTime() - BOOT_NANOS) / 1_000_000L; }
    public static long elapsedRealtime() { return uptimeMillis(); }
    public static long elapsedRealtimeNanos() { return System.nanoTime() - BOOT_NANOS; }
}
