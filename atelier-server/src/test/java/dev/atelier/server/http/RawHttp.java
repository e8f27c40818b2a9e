package dev.atelier.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends raw bytes on a socket and reads one HTTP/1.1 response (or notes that the server closed the connection). */
public final class RawHttp {
    /** What came back: status 0 when the server closed without answering. */
    public record Reply(int status, String head, String body) {
        public JsonNode json() throws IOException {
            return TestServer.JSON.readTree(body);
        }

        boolean closed() {
            return status == 0;
        }
    }

    private RawHttp() {
    }

    public static Reply send(int port, byte[] request, int timeoutMs) throws IOException {
        try (var s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    public static Reply send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), 10_000);
    }

    /** Reads one response: head, then a Content-Length or chunked body, or up to EOF. */
    public static Reply read(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            head.write(c);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        if (!h.startsWith("HTTP/1.1 ")) return new Reply(0, h, "");
        int status = Integer.parseInt(h.substring(9, 12));
        String lower = h.toLowerCase(java.util.Locale.ROOT);
        var body = new ByteArrayOutputStream();
        int cl = lower.indexOf("content-length:");
        try {
            if (cl >= 0) {
                int len = Integer.parseInt(lower.substring(cl + 15, lower.indexOf('\r', cl)).trim());
                body.write(in.readNBytes(len));
            } else if (lower.contains("transfer-encoding: chunked")) {
                while (true) {
                    String size = line(in);
                    int n = Integer.parseInt(size.trim(), 16);
                    if (n == 0) break;
                    body.write(in.readNBytes(n));
                    line(in);
                }
            }
        } catch (SocketTimeoutException e) {
            // what came is what we have
        }
        return new Reply(status, h, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        var b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') if (c != '\r') b.write(c);
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
