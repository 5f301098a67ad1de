package okhttp3;

/** A request: its URL. */
public final class Request {
    private final String url;

    private Request(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    public static final class Builder {
        private String url;

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Request build() {
            return new Request(url);
        }
    }
}
