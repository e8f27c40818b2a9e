package dev.atelier.server.http;

import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.keys.KeyStore;
import dev.atelier.server.store.StoreException;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API's routes on Helidon's routing, by method and path template ({@code /v1/images/jobs/{id}}), and the one
 * filter every request passes: request log (one line each), metrics and in-flight tracking for shutdown. Each route
 * authenticates when it needs a key ({@code Authorization: Bearer KEY}, Azure's {@code api-key}, or HTTP Basic with the
 * key as the password, as AUTOMATIC1111 clients send it) and turns every exception into OpenAI's error shape, or the
 * shape registered for the path's prefix ({@link #errorShape}); an unknown path is a 404, a known path with the wrong
 * method a 405.
 */
public final class Router implements HttpService {
    private static final Duration STREAM_WIND_DOWN = Duration.ofSeconds(2);
    private static final ApiError SHUTTING_DOWN = new ApiError.Unavailable("the server is shutting down; retry shortly", "shutting_down", 5);
    private static final ApiError DATABASE_UNAVAILABLE = new ApiError.Unavailable(
            "the database is unavailable; retry shortly", "database_unavailable", 5);
    private static final System.Logger LOG = System.getLogger("dev.atelier.server.http");

    /** Handles one call. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpCall call) throws IOException;
    }

    private record Route(String method, String template, Pattern pattern, boolean auth, Handler handler) {
    }

    /** How errors are answered under a path prefix whose clients expect another API's error body. */
    public interface ErrorShape {
        /** The status {@code e} is answered with. */
        int status(ApiError e);

        /** The JSON body {@code e} is answered with. */
        Object body(ApiError e);
    }

    private final java.util.Map<String, ErrorShape> shapes = new java.util.LinkedHashMap<>();
    private volatile Handler notFoundPage;

    private final List<Route> routes = new ArrayList<>();
    private final KeyStore keys;
    private final long maxBody;
    private final MeterRegistry metrics;
    private final FrontDoor door;
    private final InFlight inFlight = new InFlight();

    public Router(KeyStore keys, long maxBody, MeterRegistry metrics, FrontDoor door) {
        this.keys = keys;
        this.maxBody = maxBody;
        this.metrics = metrics;
        this.door = door;
    }

    /** Adds a route that needs an API key. */
    public Router authed(String method, String template, Handler h) {
        return add(method, template, true, h);
    }

    /** Adds a route open to anyone (health, metrics, signed files). */
    public Router open(String method, String template, Handler h) {
        return add(method, template, false, h);
    }

    /** Answers errors of every request whose path starts with {@code prefix} in {@code shape} (401s and 404s too). */
    public Router errorShape(String prefix, ErrorShape shape) {
        shapes.put(prefix, shape);
        return this;
    }

    /**
     * Answers a 404 to a browser's page request (a GET whose {@code Accept} names {@code text/html}, outside any
     * {@link #errorShape} prefix) with {@code page} rather than the API's JSON.
     */
    public Router notFoundPage(Handler page) {
        this.notFoundPage = page;
        return this;
    }

    private Router add(String method, String template, boolean auth, Handler h) {
        String regex = Pattern.compile("\\{(\\w+)}").splitAsStream(template).map(Pattern::quote)
                .reduce((a, b) -> a + "[^/]+" + b).orElse("") + (template.endsWith("}") ? "[^/]+" : "");
        routes.add(new Route(method, template, Pattern.compile(regex), auth, h));
        return this;
    }

    @Override
    public void routing(HttpRules rules) {
        for (Route r : routes) rules.route(Method.create(r.method), r.template, (req, res) -> dispatch(r, req, res));
        rules.any((req, res) -> dispatch(null, req, res));
    }

    /** The filter around every routed request: log line, metrics, in-flight count. */
    public Filter filter() {
        return this::filter;
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long t0 = System.nanoTime();
        inFlight.begin();
        var call = new HttpCall(req, res, maxBody, door, inFlight);
        req.context().register(call);
        try {
            chain.proceed();
        } finally {
            inFlight.end();
            int status = call.status();
            metrics.counter("atelier_http_requests", "route", call.route(), "status", Integer.toString(status)).increment();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s %s %d %d ms%s%s", call.method(), call.path(), status,
                    ms, call.key() != null ? " key=" + call.key().id() : "", call.note().isEmpty() ? "" : " " + call.note()));
        }
    }

    private void dispatch(Route route, ServerRequest req, ServerResponse res) {
        HttpCall call = req.context().get(HttpCall.class).orElseThrow();
        try {
            try {
                if (req.headers().all(io.helidon.http.HeaderNames.CONTENT_LENGTH, List::of).stream().distinct().count() > 1) {
                    throw new ApiException(FrontDoor.protocolError(400, "conflicting Content-Length headers"));
                }
                // a body nobody reads is still read (and checked: framing, size) before answering, so that a bad
                // chunk is a 400 rather than a 200 followed by a dropped connection
                if (req.content().hasEntity() && (route == null || !route.method.equals("POST"))) call.body();
                if (route == null) throw unrouted(call);
                call.route(route.template, req.path().pathParameters());
                if (route.auth) call.key(authenticate(call));
                route.handler.handle(call);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } catch (ApiException e) {
            if (e.error() instanceof ApiError.Protocol) call.closeConnection();
            if (inFlight.cutOffDone()) Thread.interrupted(); // the cut has done its work: the answer must still be written
            fail(call, e.error());
        } catch (RequestException e) {
            // framing trouble found while reading the body (a bad chunk, a body over the limit)
            call.closeConnection();
            fail(call, FrontDoor.protocolError(e.status().code(), e.getMessage()));
        } catch (HttpException e) {
            fail(call, FrontDoor.protocolError(e.status().code(), e.getMessage()));
        } catch (IOException e) {
            // the client went away; nothing to answer
            call.note("(client gone: " + e.getMessage() + ")");
        } catch (RuntimeException e) {
            if (inFlight.cutOffDone()) {
                // cut off by shutdown in the middle of whatever it did (a query, a wait): not a bug, and retried
                Thread.interrupted();
                call.note("(cut off by shutdown: " + e.getMessage() + ")");
                fail(call, SHUTTING_DOWN);
                return;
            }
            if (e instanceof StoreException s && s.unavailable()) {
                // one line, no stack: the database is down, not this request's fault nor a bug
                LOG.log(System.Logger.Level.WARNING, "{0} {1}: the database is unavailable: {2}", call.method(), call.path(), e.getMessage());
                fail(call, DATABASE_UNAVAILABLE);
                return;
            }
            LOG.log(System.Logger.Level.ERROR, "failed: " + call.method() + " " + call.path(), e);
            fail(call, new ApiError.ServerError("the server failed to handle the request", "server_error"));
        }
    }

    private ApiException unrouted(HttpCall call) {
        // Helidon routes on the decoded path: a raw path that matches a route of this very method ('..%2F..' in a
        // file name) decoded into something no route takes, and is not found rather than the wrong method
        var matching = routes.stream().filter(r -> r.pattern.matcher(call.path()).matches()).toList();
        boolean pathKnown = !matching.isEmpty() && matching.stream().noneMatch(r -> r.method.equals(call.method()));
        return new ApiException(pathKnown
                ? new ApiError.MethodNotAllowed(call.method() + " is not supported on " + call.path())
                : new ApiError.NotFound("no such endpoint: " + call.method() + " " + call.path()));
    }

    private void fail(HttpCall call, ApiError error) {
        metrics.counter("atelier_http_errors", "code", error.code(), "status", Integer.toString(error.status())).increment();
        if (!call.started()) {
            try {
                ErrorShape shape = shapes.entrySet().stream().filter(e -> call.path().startsWith(e.getKey()))
                        .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
                String accept = call.header("Accept");
                if (shape == null && error.status() == 404 && notFoundPage != null && call.method().equals("GET")
                        && accept != null && accept.contains("text/html")) {
                    notFoundPage.handle(call);
                } else if (shape == null) {
                    call.error(error);
                } else {
                    if (error.retryAfter() > 0) call.setHeader("Retry-After", Long.toString(error.retryAfter()));
                    call.json(shape.status(error), shape.body(error));
                }
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                call.note("(client gone: " + e.getMessage() + ")");
            }
        }
    }

    private ApiKey authenticate(HttpCall call) {
        String secret = null;
        String auth = call.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) secret = auth.substring(7).trim();
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) secret = basicSecret(auth.substring(6).trim());
        if (secret == null) secret = call.header("api-key");
        if (secret == null || secret.isEmpty()) {
            throw new ApiException(new ApiError.InvalidApiKey("You didn't provide an API key. Send it in the "
                    + "Authorization header as 'Bearer KEY' (or in the api-key header, or as the password of HTTP Basic "
                    + "authentication, 'user:KEY')."));
        }
        Optional<ApiKey> key = keys.authenticate(secret);
        return key.orElseThrow(() -> new ApiException(new ApiError.InvalidApiKey(
                "Incorrect API key provided. Keys are created with 'atelier keys create'.")));
    }

    // HTTP Basic (RFC 7617) as AUTOMATIC1111 clients send it ("user:password"): the key is the password, or the user
    // name when the password is empty
    private static String basicSecret(String encoded) {
        String pair;
        try {
            pair = new String(java.util.Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(new ApiError.InvalidApiKey("The Authorization header's Basic credentials are not base64 "
                    + "of 'user:KEY'."));
        }
        int colon = pair.indexOf(':');
        if (colon < 0) return pair.trim();
        String password = pair.substring(colon + 1).trim();
        return password.isEmpty() ? pair.substring(0, colon).trim() : password;
    }

    /**
     * Shutdown, once new submissions are refused: waits up to {@code grace} for requests in flight, then ends every
     * open event stream with a {@code shutting_down} error event and cuts off the requests still running (a synchronous
     * call waiting for its job answers 503 {@code shutting_down}, Retry-After 5: its job stays queued, and a retry with
     * the same {@code Idempotency-Key} waits for it).
     */
    public void drain(Duration grace) {
        LOG.log(System.Logger.Level.INFO, "{0} requests in flight", inFlight.count());
        try {
            if (!inFlight.awaitRequests(grace)) LOG.log(System.Logger.Level.WARNING, "requests still running after the grace period");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inFlight.endStreams(SHUTTING_DOWN);
        inFlight.cutOff();
        // let the streams' handlers finish their responses, so that stopping the listener does not reset connections
        // whose last event the client has not read yet
        try {
            inFlight.awaitRequests(STREAM_WIND_DOWN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
