package dev.atelier.server.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures for image URLs: {@code id} and expiry time, so a URL works for anyone until it expires. */
public final class UrlSigner {
    private final SecretKeySpec key;

    public UrlSigner(String secretHex) {
        if (secretHex == null || secretHex.length() < 32) throw new IllegalArgumentException("URL signing secret is too short");
        this.key = new SecretKeySpec(secretHex.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String sign(String id, long expiresEpochSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] sig = mac.doFinal((id + "\n" + expiresEpochSeconds).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is right for {@code id} and {@code expires}, and it has not expired at {@code nowSeconds}. */
    public boolean verify(String id, long expires, String signature, long nowSeconds) {
        if (signature == null || expires < nowSeconds) return false;
        return MessageDigest.isEqual(sign(id, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
