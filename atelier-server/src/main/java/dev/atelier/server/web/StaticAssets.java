package dev.atelier.server.web;

import dev.atelier.server.service.ApiError;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.http.HttpCall;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The studio's pages, styles and scripts: plain files under {@code /web/} on the class path (no build step, nothing
 * fetched from elsewhere at run time). Names are checked against a pattern and looked up on the class path; nothing
 * from the request reaches the file system. Every page has the same header ({@code /web/parts/header.html}, not
 * servable itself): a page says where it goes and which section it belongs to with {@code <!-- header: SECTION -->},
 * and that section's link is marked as the current page.
 */
public final class StaticAssets {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+\\.(html|css|js|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml");
    private static final Pattern HEADER = Pattern.compile("<!-- header: ([a-z]+) -->\n");
    private static final Pattern NAV = Pattern.compile(" data-nav=\"([a-z]+)\"");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Sends {@code name} (e.g. {@code studio.js}), or a 404. */
    public void send(HttpCall call, String name) throws IOException {
        send(call, 200, name);
    }

    /** Sends {@code name} with {@code status} (a page for a 404), or a 404 when there is no such file. */
    public void send(HttpCall call, int status, String name) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) throw notFound(name);
        byte[] bytes = cache.computeIfAbsent(name, StaticAssets::load);
        if (bytes.length == 0) throw notFound(name);
        call.setHeader("Cache-Control", "no-cache");
        call.setHeader("X-Content-Type-Options", "nosniff");
        if (name.endsWith(".html")) {
            call.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; "
                    + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
            call.setHeader("Referrer-Policy", "no-referrer");
        }
        call.send(status, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), bytes);
    }

    private static byte[] load(String name) {
        byte[] bytes = resource(name);
        if (!name.endsWith(".html") || bytes.length == 0) return bytes;
        String page = new String(bytes, StandardCharsets.UTF_8);
        String header = new String(resource("parts/header.html"), StandardCharsets.UTF_8);
        return HEADER.matcher(page).replaceFirst(m -> Matcher.quoteReplacement(NAV.matcher(header)
                .replaceAll(n -> n.group(1).equals(m.group(1)) ? " aria-current=\"page\"" : ""))).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String path) {
        try (InputStream in = StaticAssets.class.getResourceAsStream("/web/" + path)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static ApiException notFound(String name) {
        return new ApiException(new ApiError.NotFound("no such file: " + name));
    }
}
