package android.webkit;

import android.os.Handler;
import android.os.Looper;

/** The client's answer to a TLS error: proceed past it, or cancel the load (what WebViewClient does by default). */
public class SslErrorHandler extends Handler {
    private final Runnable mProceed;
    private final Runnable mCancel;

    /** @hide */
    SslErrorHandler(Runnable proceed, Runnable cancel) {
        super(Looper.getMainLooper());
        mProceed = proceed;
        mCancel = cancel;
    }

    public void proceed() { mProceed.run(); }

    public void cancel() { mCancel.run(); }
}
