package org.imagerepo.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A client of the imagerepo REST API through its gateway, one area at a time: {@link #images()} (the catalog and
 * the images' bytes), {@link #sharing()}, {@link #users()}, accounting's history and usage ({@link #accounting()})
 * and trigger-service's rules and reservations ({@link #rules()}, {@link #reservations()}).
 *
 * <pre>{@code
 * URI gateway = URI.create("http://127.0.0.1:8080");
 * ImageRepoClient repo = ImageRepoClient.builder().baseUri(gateway)
 *         .tokens(new CachedTokenSource(gateway, CredentialsStore.fromEnvironment(System.getenv())))
 *         .build();
 * Image img = repo.images().register(NewImage.builder().name("ubuntu-22").os("ubuntu").tag("hadoop").build());
 * repo.images().upload(img.imgId(), Path.of("ubuntu.qcow2"), ProgressListener.NONE);
 * repo.images().awaitAvailable(img.imgId(), Duration.ofSeconds(30));
 * QueryResult r = repo.images().query("name,os where tag=hadoop");
 * }</pre>
 *
 * <p>Every method throws {@link ImageRepoException} (unchecked) on failure: the server's problem documents become
 * exceptions whose message is the problem's {@code detail}. Transfers stream: no file is ever held whole in
 * memory. Instances are immutable and thread-safe (as far as their {@link TokenSource} is); make one and share it.
 *
 * <p>Every call carries {@code Authorization: Bearer <token>} from the {@link TokenSource}, asked anew for each
 * request so that it can refresh the token. Redirects are not followed: they would carry the token elsewhere.
 * Only downloads follow the gateway's redirect to blob-service, and without the token.
 */
public final class ImageRepoClient {

    /** The URL of a stack started on this machine. */
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private final Transport transport;
    private final Images images;
    private final Sharing sharing;
    private final Users users;
    private final Accounting accounting;
    private final Rules rules;
    private final Reservations reservations;

    private ImageRepoClient(Builder b) {
        this.transport = new Transport(b.baseUri, b.tokens, b.connectTimeout, b.requestTimeout);
        this.users = new Users(transport);
        this.images = new Images(transport, users, b.pollInterval);
        this.sharing = new Sharing(transport, images);
        this.accounting = new Accounting(transport);
        this.rules = new Rules(transport);
        this.reservations = new Reservations(transport);
    }

    /** A client for {@code baseUri} (e.g. {@code http://127.0.0.1:8080}) sending the tokens of {@code tokens}. */
    public static ImageRepoClient create(URI baseUri, TokenSource tokens) {
        return builder().baseUri(baseUri).tokens(tokens).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URI of the repository, without a trailing slash. */
    public URI baseUri() {
        return transport.baseUri();
    }

    /** Where the access tokens come from, or {@code null} when requests carry none. */
    public TokenSource tokens() {
        return transport.tokens();
    }

    /** The images: register, find, change and remove them, upload and download their bytes, copy them. */
    public Images images() {
        return images;
    }

    /** An image's permission and the users and groups it is shared with. */
    public Sharing sharing() {
        return sharing;
    }

    /** The caller's own record, and every user's for admins. */
    public Users users() {
        return users;
    }

    /** What accounting recorded: the images' and users' history, the use of storage per day. */
    public Accounting accounting() {
        return accounting;
    }

    /** trigger-service's rules and what they did. */
    public Rules rules() {
        return rules;
    }

    /** The rain reservations trigger-service stages images for. */
    public Reservations reservations() {
        return reservations;
    }

    @Override
    public String toString() {
        return "ImageRepoClient[" + baseUri() + "]";
    }

    /** Builds an {@link ImageRepoClient}. */
    public static final class Builder {
        private URI baseUri = URI.create(DEFAULT_URL);
        private TokenSource tokens;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration pollInterval = Duration.ofMillis(500);

        private Builder() {
        }

        /** The repository's base URL, e.g. {@code http://127.0.0.1:8080} (default {@value #DEFAULT_URL}). */
        public Builder baseUri(String baseUri) {
            return baseUri(URI.create(Objects.requireNonNull(baseUri, "baseUri").strip()));
        }

        /** The repository's base URL, e.g. {@code http://127.0.0.1:8080} (default {@value #DEFAULT_URL}). */
        public Builder baseUri(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            String scheme = baseUri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || baseUri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL: " + baseUri
                        + " (expected something like " + DEFAULT_URL + ")");
            }
            String s = baseUri.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            this.baseUri = URI.create(s);
            return this;
        }

        /**
         * Where the access token of each request comes from ({@link CachedTokenSource} for the sign-in saved by
         * {@code imagerepo login}, {@link TokenSource#of} for a token of your own). Without one, requests carry no
         * token and the gateway answers 401 to all but the public routes.
         */
        public Builder tokens(TokenSource tokens) {
            this.tokens = tokens;
            return this;
        }

        /** How long to wait for a connection (default 10 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        /** How long to wait for the answer to a metadata request (default 60 s; uploads and downloads are
         * bounded by the upload's own pace, not by this). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        /**
         * The longest pause between two polls in {@link Images#awaitAvailable} and {@link Images#copy} (default
         * 500 ms).
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval);
            return this;
        }

        public ImageRepoClient build() {
            return new ImageRepoClient(this);
        }
    }
}
