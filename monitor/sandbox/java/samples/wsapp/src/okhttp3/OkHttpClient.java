package okhttp3;

/**
 * The slice of OkHttp this SDK bundles, with OkHttp's class and method names: calls and WebSockets. As in
 * OkHttp, a WebSocket's handshake is a call made through newCall, and the connection is OkHttp's own
 * socket (through the proxy the ProxySelector gives).
 */
public class OkHttpClient {
    public Call newCall(Request request) {
        return new Call(request);
    }

    public WebSocket newWebSocket(Request request, WebSocketListener listener) {
        RealWebSocket socket = new RealWebSocket(newCall(request), listener);
        socket.connect();
        return socket;
    }
}
