package dev.atelier.safety;

import dev.atelier.safety.c2pa.CredentialReader;
import dev.atelier.safety.c2pa.CredentialReport;
import dev.atelier.safety.watermark.Detection;
import dev.atelier.safety.watermark.Watermark;

import java.nio.charset.StandardCharsets;

/**
 * Says where an image file came from: its C2PA content credentials (checked against the trusted signers) and
 * whether it carries Atelier's invisible watermark. {@code atelier verify} and {@code POST /v1/images/verify}.
 */
public final class Verifier {
    private final CredentialReader credentials;
    private final Watermark watermark;

    public Verifier(CredentialReader credentials, Watermark watermark) {
        this.credentials = credentials;
        this.watermark = watermark;
    }

    /** What a file says about itself. */
    public record Report(CredentialReport credentials, Detection watermark) {
    }

    /**
     * Checks {@code file} (PNG, JPEG or WebP bytes).
     *
     * @throws IllegalArgumentException when the bytes are not a PNG, JPEG or WebP image, saying so
     */
    public Report verify(byte[] file) {
        if (!isPng(file) && !isJpeg(file) && !isWebp(file)) {
            throw new IllegalArgumentException("not a PNG, JPEG or WebP image (the file starts with none of their signatures)");
        }
        return new Report(credentials.read(file), watermark.detect(file));
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    private static boolean isWebp(byte[] b) {
        return b.length > 12 && new String(b, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
                && new String(b, 8, 4, StandardCharsets.ISO_8859_1).equals("WEBP");
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8;
    }
}
