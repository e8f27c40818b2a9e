package dev.atelier.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * How the HTTP front door treats connections and who it believes about the request's origin.
 *
 * @param headerTimeout  longest a client may take from its first byte to the end of the request headers; then 408
 *                       and the connection is closed
 * @param bodyTimeout    longest reading one request body may take; then the connection is closed
 * @param idleTimeout    a keep-alive connection with no request for this long is closed
 * @param trustedProxies addresses (IP literals) whose {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} are believed
 *                       when no public URL is configured; empty: nobody's
 */
public record HttpOptions(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, List<String> trustedProxies) {
    public HttpOptions {
        positive("header timeout", headerTimeout);
        positive("body timeout", bodyTimeout);
        positive("idle timeout", idleTimeout);
        trustedProxies = List.copyOf(trustedProxies);
        for (String p : trustedProxies) {
            if (!p.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("a trusted proxy must be an IP address, got '" + p + "'");
            }
            try {
                InetAddress.getByName(p);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("a trusted proxy must be an IP address, got '" + p + "'");
            }
        }
    }

    /** 10 s for headers, 60 s for a body, 5 min idle, no trusted proxies. */
    public static HttpOptions defaults() {
        return new HttpOptions(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5), List.of());
    }

    public HttpOptions withTimeouts(Duration header, Duration body, Duration idle) {
        return new HttpOptions(header, body, idle, trustedProxies);
    }

    public HttpOptions withTrustedProxies(List<String> proxies) {
        return new HttpOptions(headerTimeout, bodyTimeout, idleTimeout, proxies);
    }

    /** Whether {@code address} is one of the trusted proxies. */
    public boolean trusts(InetAddress address) {
        for (String p : trustedProxies) {
            try {
                if (InetAddress.getByName(p).equals(address)) return true;
            } catch (UnknownHostException e) {
                // checked in the constructor
            }
        }
        return false;
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
}
