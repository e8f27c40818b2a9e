package dev.atelier.server.spi;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which blob store holds the images, as an operator writes it ({@code --blob-store}): chosen once at start-up and
 * logged. Every node of a deployment must name the same store.
 */
public sealed interface BlobStoreChoice permits BlobStoreChoice.Local, BlobStoreChoice.InDatabase, BlobStoreChoice.S3 {

    /** The values {@link #parse} takes, for error messages and help. */
    String FORMS = "local, database, or s3://BUCKET[/PREFIX]?endpoint=URL&region=REGION";

    /** Files under the data folder's {@code images}: one machine, or a folder every node mounts. */
    record Local() implements BlobStoreChoice {
    }

    /** The {@code blobs} table of the server's database: every node that reaches the database reaches the images. */
    record InDatabase() implements BlobStoreChoice {
    }

    /**
     * An S3-compatible bucket. Credentials come from the environment ({@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY}, or the AWS SDK's other usual sources), never from the command line.
     *
     * @param bucket   the bucket, which must exist
     * @param prefix   prepended to every key ({@code ""} for none; otherwise ends with {@code /})
     * @param endpoint the S3 API's base URL (MinIO, Ceph, R2...), or null for AWS's own for the region
     * @param region   the signing region
     */
    record S3(String bucket, String prefix, URI endpoint, String region) implements BlobStoreChoice {
        public S3 {
            // bucket naming rules of S3: 3-63 lower-case letters, digits, dots and hyphens
            if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("--blob-store: '" + bucket + "' is not an S3 bucket name (3-63 lower-case letters, digits, '.', '-')");
            }
            if (prefix == null) prefix = "";
            if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix = prefix + "/";
            if (endpoint != null && !(endpoint.getScheme() != null && endpoint.getScheme().matches("https?") && endpoint.getHost() != null)) {
                throw new IllegalArgumentException("--blob-store: endpoint must be http(s)://HOST[:PORT], got '" + endpoint + "'");
            }
            if (region == null || region.isBlank()) region = "us-east-1";
        }
    }

    /** Reads {@code text}; the error says what was wrong and lists {@link #FORMS}. */
    static BlobStoreChoice parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("local")) return new Local();
        if (t.equalsIgnoreCase("database")) return new InDatabase();
        if (t.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            String rest = t.substring(5);
            int q = rest.indexOf('?');
            Map<String, String> query = query(q < 0 ? "" : rest.substring(q + 1));
            String path = q < 0 ? rest : rest.substring(0, q);
            int slash = path.indexOf('/');
            String bucket = slash < 0 ? path : path.substring(0, slash);
            String prefix = slash < 0 ? "" : path.substring(slash + 1);
            for (String k : query.keySet()) {
                if (!k.equals("endpoint") && !k.equals("region")) {
                    throw new IllegalArgumentException("--blob-store: unknown S3 parameter '" + k + "'; use endpoint and region");
                }
            }
            String endpoint = query.get("endpoint");
            URI uri;
            try {
                uri = endpoint == null ? null : URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--blob-store: endpoint must be http(s)://HOST[:PORT], got '" + endpoint + "'");
            }
            return new S3(bucket, prefix, uri, query.get("region"));
        }
        throw new IllegalArgumentException("--blob-store must be " + FORMS + "; got '" + t + "'");
    }

    private static Map<String, String> query(String q) {
        var out = new LinkedHashMap<String, String>();
        if (q.isEmpty()) return out;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
