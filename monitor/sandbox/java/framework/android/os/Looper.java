package android.os;

import java.util.PriorityQueue;

/** Runs a message loop for a thread. The sandbox main thread runs the main looper forever, as on Android. */
public final class Looper {
    private static final ThreadLocal<Looper> sThreadLocal = new ThreadLocal<>();
    private static Looper sMainLooper;

    private final Thread mThread;
    private final PriorityQueue<Entry> mQueue = new PriorityQueue<>();
    private long mSeq;
    private boolean mQuitting;

    private static final class Entry implements Comparable<Entry> {
        final long when;
        final long seq;
        final Runnable r;
        Entry(long when, long seq, Runnable r) { this.when = when; this.seq = seq; this.r = r; }
        @Override public int compareTo(Entry o) {
            if (when != o.when) return Long.compare(when, o.when);
            return Long.compare(seq, o.seq);
        }
    }

    private Looper() { mThread = Thread.currentThread(); }

    public static void prepare() {
        if (sThreadLocal.get() != null) throw new RuntimeException("Only one Looper may be created per thread");
        sThreadLocal.set(new Looper());
    }

    public static void prepareMainLooper() {
        prepare();
        synchronized (Looper.class) {
            if (sMainLooper != null) throw new IllegalStateException("The main Looper has already been prepared.");
            sMainLooper = myLooper();
        }
    }

    public static Looper getMainLooper() {
        synchronized (Looper.class) { return sMainLooper; }
    }

    public static Looper myLooper() { return sThreadLocal.get(); }

    public Thread getThread() { return mThread; }

    public boolean isCurrentThread() { return Thread.currentThread() == mThread; }

    public static void loop() {
        Looper me = myLooper();
        if (me == null) throw new RuntimeException("No Looper; Looper.prepare() wasn't called on this thread.");
        while (true) {
            Runnable next = me.next();
            if (next == null) return;
            next.run();
        }
    }

    public void quit() {
        synchronized (this) { mQuitting = true; notifyAll(); }
    }

    private synchronized Runnable next() {
        while (true) {
            if (mQuitting) return null;
            Entry head = mQueue.peek();
            long now = SystemClock.uptimeMillis();
            if (head != null && head.when <= now) {
                mQueue.poll();
                return head.r;
            }
            try {
                if (head == null) wait(); else wait(Math.max(1, head.when - now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    synchronized boolean enqueue(Runnable r, long uptimeMillis) {
        if (mQuitting) return false;
        mQueue.add(new Entry(uptimeMillis, mSeq++, r));
        notifyAll();
        return true;
    }

    /** Number of messages that are due now (sandbox instrumentation for the host's idle check). */
    public synchronized int pendingDue() {
        long now = SystemClock.uptimeMillis();
        int n = 0;
        for (Entry e : mQueue) if (e.when <= now) n++;
        return n;
    }
}
