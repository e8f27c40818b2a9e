package dev.atelier.server.web;

import dev.atelier.server.http.HttpCall;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who a browser is: an anonymous user id in a signed cookie ({@code atelier_session=u_<hex>.<HMAC-SHA256>}),
 * issued on the first visit. The cookie is HttpOnly and SameSite=Lax; it carries no API key and no secret, only
 * the id and its signature (keyed by a secret kept in the database, so every process sharing it agrees).
 */
public final class Sessions {
    static final String COOKIE = "atelier_session";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_AGE_SECONDS = 365 * 24 * 3600;

    private final SecretKeySpec key;
    private final boolean secure;

    /**
     * @param secretHex signing secret, at least 32 hex characters
     * @param secure    whether to mark the cookie Secure (the studio is served over HTTPS by a proxy)
     */
    public Sessions(String secretHex, boolean secure) {
        if (secretHex == null || secretHex.length() < 32) throw new IllegalArgumentException("session secret is too short");
        this.key = new SecretKeySpec(secretHex.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.secure = secure;
    }

    /** The caller's user id; a new anonymous user (and its cookie on the response) when it has no valid cookie. */
    public String user(HttpCall call) {
        String existing = verify(cookie(call.header("Cookie")));
        if (existing != null) return existing;
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        String id = "u_" + HexFormat.of().formatHex(b);
        call.setHeader("Set-Cookie", COOKIE + "=" + id + "." + sign(id) + "; Path=/; Max-Age=" + MAX_AGE_SECONDS
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
        return id;
    }

    /** The user id in a cookie value, or null if it is missing or its signature is wrong. */
    String verify(String value) {
        if (value == null) return null;
        int dot = value.lastIndexOf('.');
        if (dot <= 0) return null;
        String id = value.substring(0, dot);
        if (!id.matches("u_[0-9a-f]{16}")) return null;
        boolean ok = MessageDigest.isEqual(sign(id).getBytes(StandardCharsets.US_ASCII),
                value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
        return ok ? id : null;
    }

    String sign(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] sig = mac.doFinal(("session\n" + id).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cookie(String header) {
        if (header == null) return null;
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
        }
        return null;
    }
}
