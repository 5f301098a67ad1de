package android.os;

/** Allows you to send and process Runnable objects associated with a thread's MessageQueue. */
public class Handler {
    private final Looper mLooper;

    public Handler() {
        mLooper = Looper.myLooper();
        if (mLooper == null) throw new RuntimeException("Can't create handler inside thread that has not called Looper.prepare()");
    }

    public Handler(Looper looper) {
        if (looper == null) throw new NullPointerException("looper");
        mLooper = looper;
    }

    public final Looper getLooper() { return mLooper; }

    public final boolean post(Runnable r) { return mLooper.enqueue(r, SystemClock.uptimeMillis()); }

    public final boolean postDelayed(Runnable r, long delayMillis) {
        return mLooper.enqueue(r, SystemClock.uptimeMillis() + Math.max(0, delayMillis));
    }

    public final boolean postAtTime(Runnable r, long uptimeMillis) { return mLooper.enqueue(r, uptimeMillis); }
}
