package dev.atelier.server.studio;

import dev.atelier.server.api.ApiError;
import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.HttpCall;
import java.net.URI;

/**
 * Cross-site request forgery guard for the cookie-authenticated studio and arena: state-changing requests must be
 * JSON (which a cross-site HTML form cannot send without a CORS preflight the server never grants) and, when the
 * browser sends an Origin, come from the same host.
 */
public final class WebGuard {
    private WebGuard() {
    }

    public static void checkWrite(HttpCall call) {
        String type = call.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw ApiException.invalid("send the request body as JSON with Content-Type: application/json", null);
        }
        String origin = call.header("Origin");
        String host = call.header("Host");
        if (origin != null && host != null && !origin.equals("null")) {
            String originHost;
            try {
                URI u = URI.create(origin);
                originHost = u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
            } catch (IllegalArgumentException e) {
                originHost = "";
            }
            if (!originHost.equalsIgnoreCase(host)) {
                throw new ApiException(new ApiError.Forbidden("cross-site requests are not allowed (Origin " + origin
                        + " is not " + host + ")", "cross_site"));
            }
        }
    }
}
