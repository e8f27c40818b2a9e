package dev.atelier.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.atelier.safety.image.NsfwThresholds;
import dev.atelier.safety.moderation.ModerationPolicy;
import dev.atelier.safety.moderation.PolicyFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * An installation's safeguards, from {@code safety.yaml} (every key optional; {@code config/safety.example.yaml}
 * shows them all):
 * <pre>
 * moderation: ...            # see {@link PolicyFile}
 * images:
 *   classifier: true         # rate every image (nsfwjs MobileNetV2) and withhold those at the sexual threshold
 *   nsfw: {explicit_high: 0.8, explicit_medium: 0.6, explicit_low: 0.3, suggestive_medium: 0.8, suggestive_low: 0.5}
 * provenance:
 *   watermark: true
 *   c2pa: true               # sign every image; with the installation's own CA unless a certificate is given
 *   certificate: {key: signer.key.pem, chain: chain.pem}      # or {pkcs12: signer.p12, password_env: ATELIER_C2PA_PASSWORD}
 * </pre>
 *
 * @param policy     prompt (and image) thresholds
 * @param classifier whether images are rated
 * @param nsfw       how the image classifier's scores map to severities
 * @param watermark  whether images are watermarked
 * @param c2pa       whether images are signed
 * @param signer     the operator's signing certificate, or null for the installation's own
 */
public record SafetyConfig(ModerationPolicy policy, boolean classifier, NsfwThresholds nsfw, boolean watermark, boolean c2pa,
                           Signer signer) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public SafetyConfig {
        if (policy == null || nsfw == null) throw new IllegalArgumentException("a safety configuration needs a policy and nsfw thresholds");
    }

    /** An operator's certificate: a PEM key and chain, or a PKCS#12 file whose password is in an environment variable. */
    public sealed interface Signer permits Signer.Pem, Signer.Pkcs12 {
        record Pem(Path key, Path chain) implements Signer {
        }

        record Pkcs12(Path file, String passwordEnv) implements Signer {
        }
    }

    /** Everything on: moderation at Azure's defaults, the image classifier, the watermark and content credentials. */
    public static SafetyConfig defaults() {
        return new SafetyConfig(ModerationPolicy.defaults(), true, NsfwThresholds.defaults(), true, true, null);
    }

    /** Reads {@code file}; errors name the file and the key. */
    public static SafetyConfig load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the safety file " + file + ": " + e.getMessage());
        }
        if (root == null || root.isNull()) return defaults();
        String w = file.getFileName().toString();
        PolicyFile.known(root, Set.of("moderation", "images", "provenance"), w);
        var d = defaults();
        ModerationPolicy policy = PolicyFile.read(root.get("moderation"), w + ": moderation");
        boolean classifier = d.classifier();
        NsfwThresholds nsfw = d.nsfw();
        JsonNode images = root.get("images");
        if (images != null) {
            PolicyFile.known(images, Set.of("classifier", "nsfw"), w + ": images");
            classifier = bool(images, "classifier", classifier, w + ": images");
            if (images.has("nsfw")) nsfw = nsfw(images.get("nsfw"), nsfw, w + ": images.nsfw");
        }
        boolean watermark = d.watermark();
        boolean c2pa = d.c2pa();
        Signer signer = null;
        JsonNode prov = root.get("provenance");
        if (prov != null) {
            PolicyFile.known(prov, Set.of("watermark", "c2pa", "certificate"), w + ": provenance");
            watermark = bool(prov, "watermark", watermark, w + ": provenance");
            c2pa = bool(prov, "c2pa", c2pa, w + ": provenance");
            if (prov.has("certificate")) signer = signer(prov.get("certificate"), file.toAbsolutePath().getParent(), w + ": provenance.certificate");
        }
        return new SafetyConfig(policy, classifier, nsfw, watermark, c2pa, signer);
    }

    private static boolean bool(JsonNode node, String key, boolean dflt, String where) {
        JsonNode v = node.get(key);
        if (v == null) return dflt;
        if (!v.isBoolean()) throw new IllegalArgumentException(where + "." + key + ": expected true or false, got " + v);
        return v.asBoolean();
    }

    private static NsfwThresholds nsfw(JsonNode n, NsfwThresholds d, String where) {
        PolicyFile.known(n, Set.of("explicit_high", "explicit_medium", "explicit_low", "suggestive_medium", "suggestive_low"), where);
        try {
            return new NsfwThresholds((float) n.path("explicit_high").asDouble(d.explicitHigh()),
                    (float) n.path("explicit_medium").asDouble(d.explicitMedium()), (float) n.path("explicit_low").asDouble(d.explicitLow()),
                    (float) n.path("suggestive_medium").asDouble(d.suggestiveMedium()), (float) n.path("suggestive_low").asDouble(d.suggestiveLow()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static Signer signer(JsonNode n, Path base, String where) {
        PolicyFile.known(n, Set.of("key", "chain", "pkcs12", "password_env"), where);
        if (n.has("pkcs12")) {
            if (n.has("key") || n.has("chain")) throw new IllegalArgumentException(where + ": give either pkcs12 (+ password_env) or key + chain, not both");
            if (!n.has("password_env")) throw new IllegalArgumentException(where + ": pkcs12 needs password_env, the environment variable holding its password");
            return new Signer.Pkcs12(base.resolve(n.get("pkcs12").asText()), n.get("password_env").asText());
        }
        if (!n.has("key") || !n.has("chain")) throw new IllegalArgumentException(where + ": needs key and chain (PEM files), or pkcs12 and password_env");
        return new Signer.Pem(base.resolve(n.get("key").asText()), base.resolve(n.get("chain").asText()));
    }
}
