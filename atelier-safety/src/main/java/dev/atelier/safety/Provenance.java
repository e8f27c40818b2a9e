package dev.atelier.safety;

import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.safety.c2pa.ContentCredentials;
import dev.atelier.safety.c2pa.CredentialReader;
import dev.atelier.safety.c2pa.SigningIdentity;
import dev.atelier.safety.c2pa.SoftwareAgent;
import dev.atelier.safety.image.NsfwClassifier;
import dev.atelier.safety.watermark.Watermark;

import java.nio.file.Path;

/**
 * Builds the image safeguard and the verifier from a {@link SafetyConfig}: one place that decides which signing
 * identity an installation uses (the operator's certificate, else its own CA in {@code identityDir}) and what it
 * trusts when verifying.
 */
public final class Provenance {
    /** The software named in every manifest. */
    public static final SoftwareAgent AGENT = new SoftwareAgent("Atelier", "0.1.0");

    private Provenance() {
    }

    /**
     * The signing identity {@code config} names: the operator's PEM or PKCS#12 certificate, or the installation's own,
     * created in {@code identityDir} on first use.
     *
     * @throws IllegalArgumentException when the PKCS#12 password's environment variable is not set
     */
    public static SigningIdentity identity(SafetyConfig config, Path identityDir) {
        return switch (config.signer()) {
            case null -> SigningIdentity.loadOrCreate(identityDir);
            case SafetyConfig.Signer.Pem p -> SigningIdentity.fromPem(p.key(), p.chain());
            case SafetyConfig.Signer.Pkcs12 p -> {
                String password = System.getenv(p.passwordEnv());
                if (password == null) {
                    throw new IllegalArgumentException("the PKCS#12 certificate " + p.file() + " needs its password in the environment variable "
                            + p.passwordEnv() + ", which is not set");
                }
                yield SigningIdentity.fromPkcs12(p.file(), password.toCharArray());
            }
        };
    }

    /** The image safeguard {@code config} describes; {@code options} run the image classifier. */
    public static ImageSafeguard safeguard(SafetyConfig config, Path identityDir, PipelineOptions options) {
        var classifier = config.classifier() ? NsfwClassifier.open(config.nsfw(), options) : null;
        var credentials = config.c2pa() ? new ContentCredentials(identity(config, identityDir)) : null;
        return new ImageSafeguard(classifier, config.policy(), config.watermark() ? Watermark.atelier() : null, credentials, AGENT);
    }

    /** A verifier that trusts this installation's signer (its CA, or the operator's chain). */
    public static Verifier verifier(SafetyConfig config, Path identityDir) {
        return new Verifier(CredentialReader.trusting(identity(config, identityDir)), Watermark.atelier());
    }
}
