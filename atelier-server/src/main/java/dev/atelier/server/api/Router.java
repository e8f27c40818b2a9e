package dev.atelier.server.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.atelier.server.keys.ApiKey;
import dev.atelier.server.keys.KeyStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dispatches requests to handlers by method and path pattern ({@code /v1/images/jobs/{id}}), authenticates those
 * that need a key ({@code Authorization: Bearer KEY} or Azure's {@code api-key}), turns every exception into
 * OpenAI's error shape, and logs one line per request.
 */
public final class Router implements HttpHandler {
    private static final System.Logger LOG = System.getLogger("dev.atelier.server.http");

    /** Handles one call. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpCall call) throws IOException;
    }

    private record Route(String method, Pattern pattern, List<String> names, boolean auth, String name, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final KeyStore keys;
    private final long maxBody;
    private final MeterRegistry metrics;

    public Router(KeyStore keys, long maxBody, MeterRegistry metrics) {
        this.keys = keys;
        this.maxBody = maxBody;
        this.metrics = metrics;
    }

    /** Adds a route that needs an API key. */
    public Router authed(String method, String template, Handler h) {
        return add(method, template, true, h);
    }

    /** Adds a route open to anyone (health, metrics, signed files). */
    public Router open(String method, String template, Handler h) {
        return add(method, template, false, h);
    }

    private Router add(String method, String template, boolean auth, Handler h) {
        var names = new ArrayList<String>();
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
        var regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, auth, template, h));
        return this;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        long t0 = System.nanoTime();
        String path = ex.getRequestURI().getRawPath();
        HttpCall call = null;
        String routeName = "unmatched";
        try {
            Route route = null;
            Map<String, String> params = Map.of();
            boolean pathMatched = false;
            for (Route r : routes) {
                Matcher m = r.pattern.matcher(path);
                if (!m.matches()) continue;
                pathMatched = true;
                if (!r.method.equals(ex.getRequestMethod())) continue;
                route = r;
                var p = new HashMap<String, String>();
                for (int i = 0; i < r.names.size(); i++) p.put(r.names.get(i), m.group(i + 1));
                params = p;
                break;
            }
            call = new HttpCall(ex, maxBody, params);
            try {
                if (route == null) {
                    drain(ex);
                    throw new ApiException(pathMatched
                            ? new ApiError.MethodNotAllowed(ex.getRequestMethod() + " is not supported on " + path)
                            : new ApiError.NotFound("no such endpoint: " + ex.getRequestMethod() + " " + path));
                }
                routeName = route.name;
                if (route.auth) call.key(authenticate(call));
                route.handler.handle(call);
            } catch (ApiException e) {
                drain(ex);
                if (call.status() == 0) call.error(e.error());
                count(e.error());
            } catch (IOException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "failed: " + ex.getRequestMethod() + " " + path, e);
                var err = new ApiError.ServerError("the server failed to handle the request", "server_error");
                if (call.status() == 0) call.error(err);
                count(err);
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
            if (call != null) call.note("(client gone: " + e.getMessage() + ")");
        } finally {
            ex.close();
            int status = call == null ? 0 : call.status();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            metrics.counter("atelier_http_requests", "route", routeName, "status", Integer.toString(status)).increment();
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s %s %d %d ms%s%s", ex.getRequestMethod(), path,
                    status, ms, call != null && call.key() != null ? " key=" + call.key().id() : "",
                    call != null && !call.note().isEmpty() ? " " + call.note() : ""));
        }
    }

    private void count(ApiError e) {
        metrics.counter("atelier_http_errors", "code", e.code(), "status", Integer.toString(e.status())).increment();
    }

    private ApiKey authenticate(HttpCall call) {
        String secret = null;
        String auth = call.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) secret = auth.substring(7).trim();
        if (secret == null) secret = call.header("api-key");
        if (secret == null || secret.isEmpty()) {
            throw new ApiException(new ApiError.InvalidApiKey("You didn't provide an API key. Send it in the "
                    + "Authorization header as 'Bearer KEY' (or in the api-key header)."));
        }
        Optional<ApiKey> key = keys.authenticate(secret);
        return key.orElseThrow(() -> new ApiException(new ApiError.InvalidApiKey(
                "Incorrect API key provided. Keys are created with 'atelier keys create'.")));
    }

    private static void drain(HttpExchange ex) {
        try {
            ex.getRequestBody().skip(1 << 20);
        } catch (IOException ignored) {
            // the connection is closed after an error anyway if the client sent more
        }
    }
}
