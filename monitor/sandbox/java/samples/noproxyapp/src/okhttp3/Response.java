package okhttp3;

/** A response: only its status code is kept. */
public final class Response implements AutoCloseable {
    private final int code;

    Response(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    @Override public void close() {
        // the body was read and the socket closed by the call
    }
}
