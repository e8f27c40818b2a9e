package dev.atelier.server.api;

import dev.atelier.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A {@code multipart/form-data} body written by hand, for forms the SDK does not send (several named files, upscale). */
final class Form {
    private static final String BOUNDARY = "f0rmb0undary";
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Form file(String name, String filename, byte[] data) {
        write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(data);
        write("\r\n");
        return this;
    }

    Form field(String name, String value) {
        write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    /** Posts the form to {@code path} with the server's key. */
    HttpResponse<String> post(TestServer s, String path) throws Exception {
        write("--" + BOUNDARY + "--\r\n");
        return s.send(HttpRequest.newBuilder(URI.create(s.url(path))).header("Authorization", "Bearer " + s.key)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
