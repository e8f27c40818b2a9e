package dev.atelier.server.http;

import dev.atelier.server.service.ApiError;
import dev.atelier.server.http.HttpOptions;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.http2.Http2UpgradeProvider;
import io.helidon.webserver.http2.Http2Config;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The HTTP server: Helidon's WebServer on virtual threads, HTTP/1.1 and h2c, with {@link Router}'s routes and filter,
 * protocol errors answered in OpenAI's error shape ({@link ProtocolErrors}), header, body and idle timeouts
 * ({@link ConnectionGuard}), and the one rule for the base of minted links ({@link #baseUrl}).
 */
public final class FrontDoor {
    private static final Pattern FORWARDED_HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");

    private final HttpOptions options;
    private final String publicUrl;
    private final long maxBody;
    private final ConnectionGuard guard;
    private volatile String bound;

    public FrontDoor(HttpOptions options, String publicUrl, long maxBody) {
        this.options = options;
        this.publicUrl = publicUrl;
        this.maxBody = maxBody;
        this.guard = new ConnectionGuard(options.headerTimeout());
    }

    /** Starts listening on {@code host:port} (0 = any free port). */
    public WebServer start(Router router, String host, int port) {
        DirectHandler errors = new ProtocolErrors();
        var direct = DirectHandlers.builder();
        for (DirectHandler.EventType t : DirectHandler.EventType.values()) direct.addHandler(t, errors);
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(maxBody)
                .idleConnectionTimeout(options.idleTimeout())
                .idleConnectionPeriod(ConnectionGuard.checkPeriod(options.idleTimeout()))
                .shutdownGracePeriod(java.time.Duration.ofMillis(500))
                .directHandlers(direct.build())
                // one HTTP/1.1 selector with the h2c upgrade: a single selector takes every connection at once, so
                // garbage gets a 400 and silent connections meet the idle timeout (a second, prior-knowledge HTTP/2
                // selector would wait for bytes that identify the protocol, with no timeout)
                .protocolsDiscoverServices(false)
                .addConnectionSelector(Http1ConnectionSelector.builder()
                        .config(Http1Config.builder().maxPrologueLength(8192).maxHeadersSize(16384)
                                .receiveLog(false).sendLog(false).addReceiveListener(guard).build())
                        .addUpgrader(new Http2UpgradeProvider().create(Http2Config.create(), ProtocolConfigs.create(List.of())))
                        .build())
                .routing(HttpRouting.builder().addFilter(router.filter()).register(router))
                .build()
                .start();
        InetAddress a = new InetSocketAddress(host, 0).getAddress();
        bound = a != null && !a.isAnyLocalAddress() ? authority(a, server.port()) : null;
        return server;
    }

    /** Stops the timers of the timeouts. */
    public void close() {
        guard.close();
    }

    ConnectionGuard guard() {
        return guard;
    }

    HttpOptions options() {
        return options;
    }

    /**
     * The base of links minted for a request: the configured public URL; else what a trusted proxy forwards
     * ({@code X-Forwarded-Proto}/{@code X-Forwarded-Host}); else the address the server listens on (the connection's
     * local address when bound to all interfaces). The {@code Host} header alone never decides it.
     */
    String baseUrl(InetAddress peer, InetSocketAddress local, String forwardedProto, String forwardedHost) {
        if (publicUrl != null) return publicUrl;
        if (peer != null && options.trusts(peer) && forwardedHost != null) {
            String fHost = forwardedHost.split(",")[0].trim();
            String fProto = forwardedProto == null ? "http" : forwardedProto.split(",")[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (FORWARDED_HOST.matcher(fHost).matches() && (fProto.equals("http") || fProto.equals("https"))) {
                return fProto + "://" + fHost;
            }
        }
        String b = bound;
        return "http://" + (b != null ? b : authority(local.getAddress(), local.getPort()));
    }

    /** The client's address: the peer, or behind trusted proxies the nearest untrusted hop of {@code X-Forwarded-For}. */
    String clientAddress(InetAddress peer, String forwardedFor) {
        if (peer == null) return "unknown";
        if (!options.trusts(peer) || forwardedFor == null) return peer.getHostAddress();
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            try {
                InetAddress a = InetAddress.ofLiteral(hop.startsWith("[") && hop.endsWith("]") ? hop.substring(1, hop.length() - 1) : hop);
                if (!options.trusts(a)) return a.getHostAddress();
            } catch (IllegalArgumentException e) {
                return peer.getHostAddress();  // a forged or garbled hop: count the proxy itself
            }
        }
        return peer.getHostAddress();
    }

    private static String authority(InetAddress a, int port) {
        String h = a.getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }

    /** The API error for a request the HTTP layer refused: its status and a message without internals. */
    static ApiError protocolError(int status, String detail) {
        String d = detail != null && detail.matches("[A-Za-z0-9 ,.:;'()/_-]{1,160}") && !detail.contains("Exception")
                && !detail.contains("see server log") ? ": " + detail : "";
        return switch (status) {
            case 400 -> new ApiError.Protocol(400, "malformed HTTP request" + d, "bad_request");
            case 408 -> new ApiError.Protocol(408, "the request was not received in time" + d, "request_timeout");
            case 413 -> new ApiError.Protocol(413, "the request body is too large" + d, "request_too_large");
            case 414 -> new ApiError.Protocol(414, "the request line is too long", "uri_too_long");
            case 431 -> new ApiError.Protocol(431, "the request headers are too large", "headers_too_large");
            case 505 -> new ApiError.Protocol(505, "only HTTP/1.1 and HTTP/2 are supported", "http_version_not_supported");
            default -> status >= 500
                    ? new ApiError.Protocol(status, "the server could not handle the request", "server_error")
                    : new ApiError.Protocol(status >= 400 ? status : 400, "malformed HTTP request" + d, "bad_request");
        };
    }
}
