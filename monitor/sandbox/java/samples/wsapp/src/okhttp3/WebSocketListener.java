package okhttp3;

/** OkHttp's WebSocket callbacks (the ones this SDK uses). */
public abstract class WebSocketListener {
    public void onOpen(WebSocket webSocket) {}

    public void onMessage(WebSocket webSocket, String text) {}

    public void onFailure(WebSocket webSocket, Throwable t) {}
}
