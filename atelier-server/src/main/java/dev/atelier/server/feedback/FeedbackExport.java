package dev.atelier.server.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.server.jobs.JobSpec;
import dev.atelier.server.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes studio feedback as JSON Lines for the next training round: one line per image that has any feedback (or
 * every studio image with {@code all}), with its prompt, parameters, the image file's path, votes and reports.
 */
public final class FeedbackExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedbackExport() {
    }

    /**
     * @param imagesRoot the blob store's folder (the local store's keys are paths under it)
     * @return the number of lines written
     */
    public static int write(Database db, Path imagesRoot, boolean all, Writer out) {
        String sql = "SELECT i.id, i.job_id, i.idx, i.seed, i.storage_key, j.spec, j.created_at, f.vote, f.report_reason, f.report_note "
                + "FROM images i JOIN studio_jobs s ON s.job_id = i.job_id JOIN jobs j ON j.id = i.job_id "
                + (all ? "LEFT JOIN" : "JOIN") + " feedback f ON f.image_id = i.id ORDER BY j.created_at, i.job_id, i.idx";
        return db.withConnection(c -> {
            Map<String, ObjectNode> lines = new LinkedHashMap<>();
            try (var st = c.prepareStatement(sql); var rs = st.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    ObjectNode line = lines.get(id);
                    if (line == null) {
                        JobSpec spec = JSON.readValue(rs.getString(6), JobSpec.class);
                        line = JSON.createObjectNode();
                        line.put("image_id", id).put("job_id", rs.getString(2)).put("index", rs.getInt(3));
                        line.put("prompt", spec.prompt()).put("negative_prompt", spec.negativePrompt());
                        line.putObject("parameters").put("model", spec.model()).put("width", spec.width()).put("height", spec.height())
                                .put("steps", spec.steps()).put("guidance_scale", spec.guidance()).put("scheduler", spec.scheduler())
                                .put("seed", rs.getLong(4));
                        line.put("image_path", imagesRoot.resolve(rs.getString(5)).toAbsolutePath().normalize().toString());
                        line.put("created_at", rs.getLong(7));
                        line.putObject("votes").put("up", 0).put("down", 0);
                        line.putArray("reports");
                        lines.put(id, line);
                    }
                    int vote = rs.getInt(8);
                    if (!rs.wasNull() && vote != 0) {
                        ObjectNode v = (ObjectNode) line.get("votes");
                        String k = vote > 0 ? "up" : "down";
                        v.put(k, v.get(k).asInt() + 1);
                    }
                    if (rs.getString(9) != null) {
                        line.withArray("reports").addObject().put("reason", rs.getString(9)).put("note", rs.getString(10));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                for (ObjectNode line : lines.values()) out.write(JSON.writeValueAsString(line) + "\n");
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return lines.size();
        });
    }
}
