package android.os;

/** Provides the ability to cancel an operation in progress. */
public final class CancellationSignal {
    private volatile boolean mCanceled;

    public boolean isCanceled() { return mCanceled; }
    public void cancel() { mCanceled = true; }
}
