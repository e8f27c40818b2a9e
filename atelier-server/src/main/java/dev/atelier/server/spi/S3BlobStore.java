package dev.atelier.server.spi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2...): {@code PUT}, {@code GET} and {@code DELETE} of one
 * object each, path-style URLs ({@code endpoint/bucket/prefix+key}), requests signed with AWS Signature Version 4
 * (AWS's "Signing AWS API requests", the {@code s3} service, the payload's SHA-256 signed). The JDK's HTTP client
 * carries them: three calls do not need an SDK.
 */
public final class S3BlobStore implements BlobStore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();

    private final BlobStoreChoice.S3 where;
    private final URI endpoint;
    private final Credentials credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An access key; {@code sessionToken} may be null (it is for temporary credentials). */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        public Credentials {
            if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("--blob-store s3 needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            }
        }

        /** From {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and (optional) {@code AWS_SESSION_TOKEN}. */
        public static Credentials fromEnvironment() {
            return new Credentials(System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"),
                    System.getenv("AWS_SESSION_TOKEN"));
        }
    }

    public S3BlobStore(BlobStoreChoice.S3 where, Credentials credentials) {
        this.where = where;
        this.credentials = credentials;
        this.endpoint = where.endpoint() != null ? where.endpoint() : URI.create("https://s3." + where.region() + ".amazonaws.com");
    }

    @Override
    public String describe() {
        return "S3 bucket " + where.bucket() + (where.prefix().isEmpty() ? "" : " under " + where.prefix()) + " at " + endpoint
                + " (" + where.region() + ", key " + credentials.accessKeyId() + ")";
    }

    @Override
    public String newKey(String extension) {
        return LocalBlobStore.datedKey(extension);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        var r = send("PUT", key, bytes);
        if (r.statusCode() != 200) throw failure("PUT", key, r);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        var r = send("GET", key, new byte[0]);
        if (r.statusCode() == 404) return Optional.empty();
        if (r.statusCode() != 200) throw failure("GET", key, r);
        return Optional.of(r.body());
    }

    @Override
    public void delete(String key) throws IOException {
        var r = send("DELETE", key, new byte[0]);
        if (r.statusCode() != 204 && r.statusCode() != 200 && r.statusCode() != 404) throw failure("DELETE", key, r);
    }

    private HttpResponse<byte[]> send(String method, String key, byte[] body) throws IOException {
        if (!key.matches("[0-9A-Za-z/._-]+")) throw new IllegalArgumentException("not a blob key: " + key);
        String path = pathPrefix() + "/" + where.bucket() + "/" + where.prefix() + key;
        URI uri = endpoint.resolve(path);
        String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        String payloadHash = HEX.formatHex(sha256(body));
        var b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("x-amz-date", amzDate).header("x-amz-content-sha256", payloadHash)
                .header("Authorization", authorization(method, uri, amzDate, payloadHash));
        if (credentials.sessionToken() != null) b.header("x-amz-security-token", credentials.sessionToken());
        b.method(method, body.length == 0 && !method.equals("PUT") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted talking to S3", e);
        }
    }

    // an endpoint may carry a path (a gateway under a folder); without a trailing slash resolve would drop its last part
    private String pathPrefix() {
        String p = endpoint.getRawPath();
        return p == null ? "" : p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private String authorization(String method, URI uri, String amzDate, String payloadHash) {
        String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return authorization(credentials, where.region(), method, host, uri.getRawPath(), "", amzDate, payloadHash);
    }

    /**
     * The {@code Authorization} header of Signature Version 4 for the {@code s3} service, signing {@code host},
     * {@code x-amz-content-sha256}, {@code x-amz-date} (and {@code x-amz-security-token} with temporary credentials):
     * canonical request, string to sign, key derived from the date, region and service.
     *
     * @param canonicalQuery the query string, its parameters sorted and encoded ({@code ""} for none)
     */
    static String authorization(Credentials credentials, String region, String method, String host, String rawPath,
                                String canonicalQuery, String amzDate, String payloadHash) {
        String date = amzDate.substring(0, 8);
        boolean token = credentials.sessionToken() != null;
        String signed = "host;x-amz-content-sha256;x-amz-date" + (token ? ";x-amz-security-token" : "");
        String canonical = method + "\n" + rawPath + "\n" + canonicalQuery + "\n"
                + "host:" + host + "\n" + "x-amz-content-sha256:" + payloadHash + "\n" + "x-amz-date:" + amzDate + "\n"
                + (token ? "x-amz-security-token:" + credentials.sessionToken() + "\n" : "")
                + "\n" + signed + "\n" + payloadHash;
        String scope = date + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] k = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, "s3");
        k = hmac(k, "aws4_request");
        return "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + scope + ", SignedHeaders=" + signed
                + ", Signature=" + HEX.formatHex(hmac(k, toSign));
    }

    private IOException failure(String method, String key, HttpResponse<byte[]> r) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        var code = java.util.regex.Pattern.compile("<Code>([^<]*)</Code>").matcher(body);
        return new IOException("S3 " + method + " " + where.bucket() + "/" + where.prefix() + key + ": HTTP " + r.statusCode()
                + (code.find() ? " " + code.group(1) : ""));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
