package okhttp3;

/** OkHttp's WebSocket: text messages and a close. */
public interface WebSocket {
    boolean send(String text);

    boolean close(int code, String reason);
}
