package dev.atelier.server.store;

import dev.atelier.safety.text.Category;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The audit trail of refused prompts: who, when, which model, which categories, whether a blocklist matched, and the
 * prompt's SHA-256 and length, never the prompt itself (a known prompt can be checked against the hash; nothing
 * else can be read back).
 */
public final class ModerationAudit {
    private final Database db;

    public ModerationAudit(Database db) {
        this.db = db;
    }

    /** One refusal as stored. */
    public record Entry(long at, String caller, String model, String promptSha256, int promptChars, String categories, boolean blocklist) {
    }

    public void refused(String caller, String model, String prompt, Set<Category> categories, boolean blocklist) {
        String cats = categories.stream().sorted().map(Category::wireName).collect(Collectors.joining(","));
        db.withConnection(c -> {
            try (var st = c.prepareStatement("INSERT INTO moderation_audit (id, at, caller, route, model, prompt_sha256, prompt_chars, "
                    + "categories, blocklist) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                st.setString(1, UUID.randomUUID().toString());
                st.setLong(2, System.currentTimeMillis());
                st.setString(3, caller);
                st.setString(4, caller.startsWith("key_") ? "api" : "studio");
                st.setString(5, model);
                st.setString(6, sha256(prompt));
                st.setInt(7, prompt.length());
                st.setString(8, cats);
                st.setInt(9, blocklist ? 1 : 0);
                return st.executeUpdate();
            }
        });
    }

    /** The latest {@code limit} refusals, newest first. */
    public List<Entry> latest(int limit) {
        return db.withConnection(c -> {
            try (var st = c.prepareStatement("SELECT * FROM moderation_audit ORDER BY at DESC LIMIT " + Math.max(1, limit));
                 var rs = st.executeQuery()) {
                var out = new ArrayList<Entry>();
                while (rs.next()) {
                    out.add(new Entry(rs.getLong("at"), rs.getString("caller"), rs.getString("model"), rs.getString("prompt_sha256"),
                            rs.getInt("prompt_chars"), rs.getString("categories"), rs.getInt("blocklist") == 1));
                }
                return out;
            }
        });
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
