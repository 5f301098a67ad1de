package okhttp3;

import java.net.Proxy;

/**
 * The slice of OkHttp an SDK bundles here, with OkHttp's class and method names: a client whose Builder
 * takes a proxy, and calls that open their own sockets (as OkHttp does; it never goes through
 * URL.openConnection). A null proxy means "ask the ProxySelector", as in OkHttp.
 */
public class OkHttpClient {
    final Proxy proxy;

    OkHttpClient(Builder builder) {
        this.proxy = builder.proxy;
    }

    public Call newCall(Request request) {
        return new Call(this, request);
    }

    public static final class Builder {
        Proxy proxy;

        public Builder proxy(Proxy proxy) {
            this.proxy = proxy;
            return this;
        }

        public OkHttpClient build() {
            return new OkHttpClient(this);
        }
    }
}
