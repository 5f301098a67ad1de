package okhttp3;

/** A prepared call (the WebSocket handshake request). */
public final class Call {
    private final Request request;

    Call(Request request) {
        this.request = request;
    }

    public Request request() {
        return request;
    }
}
