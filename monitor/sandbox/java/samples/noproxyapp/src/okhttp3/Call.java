package okhttp3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** One HTTPS POST over the call's own socket: directly, or through an HTTP proxy with CONNECT. */
public final class Call {
    private final OkHttpClient client;
    private final Request request;

    Call(OkHttpClient client, Request request) {
        this.client = client;
        this.request = request;
    }

    public Response execute() throws IOException {
        URL url = new URL(request.url);
        String host = url.getHost();
        int port = url.getPort() == -1 ? 443 : url.getPort();
        Proxy proxy = client.proxy;
        if (proxy == null) {
            List<Proxy> selected = ProxySelector.getDefault().select(URI.create(request.url));
            proxy = selected.isEmpty() ? Proxy.NO_PROXY : selected.get(0);
        }
        Socket raw = new Socket(Proxy.NO_PROXY);
        if (proxy.type() == Proxy.Type.HTTP) {
            InetSocketAddress at = (InetSocketAddress) proxy.address();  // as OkHttp does: resolve the proxy's name
            raw.connect(new InetSocketAddress(at.getHostString(), at.getPort()), 10000);
            tunnel(raw, host, port);
        } else {
            raw.connect(new InetSocketAddress(host, port), 10000);
        }
        try (SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(raw, host, port, true)) {
            tls.setSoTimeout(10000);
            tls.startHandshake();
            String head = "POST " + url.getFile() + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: okhttp/3.12.13\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + request.body.length
                + "\r\nConnection: close\r\n\r\n";
            OutputStream out = tls.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(request.body);
            out.flush();
            String status = readHead(tls.getInputStream());
            tls.getInputStream().readAllBytes();
            return new Response(Integer.parseInt(status.split(" ")[1]));
        }
    }

    private static void tunnel(Socket raw, String host, int port) throws IOException {
        String connect = "CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n";
        raw.getOutputStream().write(connect.getBytes(StandardCharsets.US_ASCII));
        raw.getOutputStream().flush();
        String status = readHead(raw.getInputStream());
        if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.0 200")) {
            throw new IOException("proxy refused the tunnel: " + status);
        }
    }

    /** The status line; the rest of the head (to the empty line) is read and dropped. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        if (text.isEmpty()) {
            throw new IOException("connection closed before a response");
        }
        return text.substring(0, text.indexOf('\r') < 0 ? text.length() : text.indexOf('\r'));
    }
}
