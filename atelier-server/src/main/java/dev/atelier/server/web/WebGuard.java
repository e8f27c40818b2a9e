package dev.atelier.server.web;

import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.http.HttpCall;
import java.net.URI;
import java.util.Locale;

/**
 * Cross-site request forgery guard for the cookie-authenticated studio, arena and feedback calls. A state-changing
 * request must carry exactly {@code Content-Type: application/json} (optionally {@code ; charset=utf-8}), which a
 * cross-site HTML form cannot send and a cross-site script cannot send without a CORS preflight the server never
 * grants; and when the browser names its origin ({@code Origin}, {@code Sec-Fetch-Site}), it must be the server's
 * own: the scheme, host and port of the configured public URL, or of the {@code Host} header (over plain HTTP) when
 * none is configured. {@code Origin: null} (a sandboxed frame, a {@code file:} page, a redirect across sites) is
 * refused. Every refusal is a 403 in the API's error shape that names the problem.
 */
public final class WebGuard {
    private final Origin publicOrigin;

    /** The scheme, lower-case host and port (the scheme's default when the URL gives none) of a web origin. */
    record Origin(String scheme, String host, int port) {
        Origin {
            if (!scheme.equals("http") && !scheme.equals("https")) throw new IllegalArgumentException("not a web scheme: " + scheme);
            if (host == null || host.isEmpty()) throw new IllegalArgumentException("an origin needs a host");
        }

        static Origin parse(String url) {
            URI u = URI.create(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            String host = u.getHost() == null ? null : u.getHost().toLowerCase(Locale.ROOT);
            int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            return new Origin(scheme, host, port);
        }

        @Override
        public String toString() {
            return scheme + "://" + host + ":" + port;
        }
    }

    /** @param publicUrl the server's public base URL ({@code ServerConfig.publicUrl}), or null */
    public WebGuard(String publicUrl) {
        try {
            this.publicOrigin = publicUrl == null ? null : Origin.parse(publicUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public URL must be an http or https URL with a host, got '" + publicUrl + "'");
        }
    }

    /** Whether session cookies must be {@code Secure}: the studio is served over HTTPS. */
    public boolean secureCookies() {
        return publicOrigin != null && publicOrigin.scheme().equals("https");
    }

    /** Checks a state-changing request with a JSON body. */
    public void checkWrite(HttpCall call) {
        checkJson(call.header("Content-Type"));
        checkOrigin(call);
    }

    /** Checks a state-changing request without a body ({@code DELETE}): its origin, and its content type if it has one. */
    public void checkBodiless(HttpCall call) {
        if (call.header("Content-Type") != null) checkJson(call.header("Content-Type"));
        checkOrigin(call);
    }

    private static void checkJson(String type) {
        if (!isJson(type)) {
            throw new ApiException(new ApiError.Forbidden("send the request body as JSON with Content-Type: application/json"
                    + (type == null ? " (the request had no Content-Type)" : " (got '" + type + "')"), "json_required"));
        }
    }

    /** {@code application/json}, alone or with {@code charset=utf-8}; nothing else (no other type, suffix or parameter). */
    static boolean isJson(String type) {
        if (type == null) return false;
        String[] parts = type.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase("application/json")) return false;
        if (parts.length == 1) return true;
        if (parts.length > 2) return false;
        String p = parts[1].strip().toLowerCase(Locale.ROOT).replace(" ", "");
        return p.equals("charset=utf-8") || p.equals("charset=\"utf-8\"");
    }

    private void checkOrigin(HttpCall call) {
        String site = call.header("Sec-Fetch-Site");
        if (site != null && site.strip().equalsIgnoreCase("cross-site")) {
            throw forbidden("cross-site requests are not allowed (Sec-Fetch-Site: cross-site)");
        }
        String origin = call.header("Origin");
        if (origin == null) return;  // not sent by non-browser clients, which carry no ambient cookie to abuse
        if (origin.strip().equals("null")) {
            throw forbidden("requests from an opaque origin (Origin: null: a sandboxed frame, a file: page or a redirect "
                    + "across sites) are not allowed");
        }
        Origin expected = publicOrigin != null ? publicOrigin : hostOrigin(call.header("Host"));
        Origin got;
        try {
            got = Origin.parse(origin.strip());
        } catch (IllegalArgumentException e) {
            throw forbidden("the Origin header '" + origin + "' is not a web origin");
        }
        if (expected == null) throw forbidden("cannot check the Origin " + origin + ": the request has no Host header");
        if (!got.equals(expected)) {
            throw forbidden("cross-site requests are not allowed (Origin " + origin + " is not this server, " + expected
                    + (publicOrigin == null ? "; behind a proxy, set the public URL" : "") + ")");
        }
    }

    private static Origin hostOrigin(String host) {
        if (host == null || host.isBlank()) return null;
        try {
            return Origin.parse("http://" + host.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ApiException forbidden(String message) {
        return new ApiException(new ApiError.Forbidden(message, "cross_site"));
    }
}
