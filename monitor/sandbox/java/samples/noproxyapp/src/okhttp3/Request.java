package okhttp3;

/** A request: URL and body (OkHttp's RequestBody reduced to bytes). */
public final class Request {
    final String url;
    final byte[] body;

    Request(Builder builder) {
        this.url = builder.url;
        this.body = builder.body;
    }

    public String url() {
        return url;
    }

    @Override public String toString() {
        return "Request{method=POST, url=" + url + "}";
    }

    public static final class Builder {
        String url;
        byte[] body = new byte[0];

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder post(byte[] body) {
            this.body = body;
            return this;
        }

        public Request build() {
            return new Request(this);
        }
    }
}
