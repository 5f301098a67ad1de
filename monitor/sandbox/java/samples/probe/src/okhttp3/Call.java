package okhttp3;

/** A call that the probe never executes. */
public final class Call {
    private final Request request;

    Call(Request request) {
        this.request = request;
    }

    public Request request() {
        return request;
    }
}
