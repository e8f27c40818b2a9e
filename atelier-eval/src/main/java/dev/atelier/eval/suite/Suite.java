package dev.atelier.eval.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a suite file: one JSON object per line (blank lines skipped), as {@code atelier_train.judge.suite} writes. */
public final class Suite {
    private Suite() {
    }

    public static List<SuitePrompt> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("prompts file not found: " + file);
        var mapper = new ObjectMapper();
        List<SuitePrompt> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode j;
            try {
                j = mapper.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            try {
                out.add(new SuitePrompt(text(j, "id"), text(j, "category"), text(j, "prompt"), j.path("seed").asLong(),
                        strings(j, "checks"), strings(j, "concepts"), strings(j, "labels"), text(j, "style"),
                        text(j, "background"), text(j, "position"), j.path("count").asInt(1), text(j, "relation")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + " holds no prompts");
        return out;
    }

    /** The first {@code n} prompts of each category, in file order ({@code n <= 0}: all). */
    public static List<SuitePrompt> perCategory(List<SuitePrompt> prompts, int n) {
        if (n <= 0) return prompts;
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<SuitePrompt> out = new ArrayList<>();
        for (SuitePrompt p : prompts) {
            if (seen.merge(p.category(), 1, Integer::sum) <= n) out.add(p);
        }
        return out;
    }

    private static String text(JsonNode j, String key) {
        JsonNode v = j.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode j, String key) {
        List<String> out = new ArrayList<>();
        JsonNode v = j.get(key);
        if (v != null) v.forEach(x -> out.add(x.asText()));
        return out;
    }
}
