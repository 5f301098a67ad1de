package okhttp3;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** An RFC 6455 client over TLS: CONNECT through the selected HTTP proxy, upgrade, masked text frames. */
final class RealWebSocket implements WebSocket {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Call call;
    private final WebSocketListener listener;
    private OutputStream out;

    RealWebSocket(Call call, WebSocketListener listener) {
        this.call = call;
        this.listener = listener;
    }

    void connect() {
        Thread reader = new Thread(() -> {
            try {
                run();
            } catch (IOException | RuntimeException e) {
                listener.onFailure(this, e);
            }
        }, "OkHttp WebSocket " + call.request().url());
        reader.setDaemon(true);
        reader.start();
    }

    private void run() throws IOException {
        URI uri = URI.create(call.request().url());
        String host = uri.getHost();
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        List<Proxy> proxies = ProxySelector.getDefault().select(URI.create("https://" + host + ":" + port + "/"));
        Proxy proxy = proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
        Socket raw = new Socket(Proxy.NO_PROXY);
        if (proxy.type() == Proxy.Type.HTTP) {
            InetSocketAddress at = (InetSocketAddress) proxy.address();  // as OkHttp does: resolve the proxy's name
            raw.connect(new InetSocketAddress(at.getHostString(), at.getPort()), 10000);
            OutputStream o = raw.getOutputStream();
            o.write(("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            String status = head(raw.getInputStream());
            if (!status.contains(" 200")) throw new IOException("proxy refused the tunnel: " + status);
        } else {
            raw.connect(new InetSocketAddress(host, port), 10000);
        }
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(raw, host, port, true);
        tls.setSoTimeout(10000);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        out = tls.getOutputStream();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n"
            + "User-Agent: okhttp/4.9.3\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = tls.getInputStream();
        String status = head(in);
        if (!status.contains(" 101")) throw new IOException("expected HTTP 101, got: " + status);
        listener.onOpen(this);
        DataInputStream frames = new DataInputStream(in);
        while (true) {
            int opcode = frames.readUnsignedByte() & 0x0f;
            long length = frames.readUnsignedByte() & 0x7f;
            if (length == 126) length = frames.readUnsignedShort();
            else if (length == 127) length = frames.readLong();
            byte[] payload = new byte[(int) length];
            frames.readFully(payload);
            if (opcode == 0x8) {
                tls.close();
                return;
            }
            if (opcode == 0x1) listener.onMessage(this, new String(payload, StandardCharsets.UTF_8));
        }
    }

    @Override public synchronized boolean send(String text) {
        return frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override public synchronized boolean close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return frame(0x8, payload);
    }

    /** One masked frame from the client (RFC 6455 5.3). */
    private boolean frame(int opcode, byte[] payload) {
        if (out == null) return false;
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        f.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i % 4]);
        try {
            out.write(f.toByteArray());
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The status line of an HTTP head; the rest of the head is read and dropped. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int b;
        int n = 0;
        while ((b = in.read()) != -1) {
            h.write(b);
            n = (b == '\r' || b == '\n') ? n + 1 : 0;
            if (n == 4) break;
        }
        String text = h.toString(StandardCharsets.US_ASCII);
        int eol = text.indexOf('\r');
        return eol < 0 ? text : text.substring(0, eol);
    }
}
