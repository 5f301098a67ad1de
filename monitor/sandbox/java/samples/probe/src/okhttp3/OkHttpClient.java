package okhttp3;

import java.net.Proxy;

/** OkHttp's client as apps bundle it (class and method names only): the probe builds one and makes a call
 *  (never executed), so the proxy redirect and the call-site hook have their class to install on. */
public class OkHttpClient {
    public Call newCall(Request request) {
        return new Call(request);
    }

    public static final class Builder {
        public Builder proxy(Proxy proxy) {
            return this;
        }

        public OkHttpClient build() {
            return new OkHttpClient();
        }
    }
}
