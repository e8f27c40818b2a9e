package dev.atelier.engine.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a Hugging Face {@code tokenizer.json} of a CLIP-style byte-level BPE tokenizer: {@code model} (type
 * BPE: {@code vocab}, {@code merges} as "a b" strings or [a, b] pairs, {@code unk_token},
 * {@code end_of_word_suffix}, {@code ignore_merges}), {@code added_tokens}, {@code normalizer},
 * {@code pre_tokenizer} and, as a consistency check, {@code post_processor}. Settings this engine cannot honour
 * are rejected with a message naming them rather than silently giving other ids.
 */
final class HfTokenizerJson {

    private HfTokenizerJson() {}

    /**
     * Builds the tokenizer described by {@code root}.
     *
     * @param config the folder's tokenizer_config.json settings, for the special tokens and the maximum length
     * @throws IllegalArgumentException naming the section or key that is missing, malformed or unsupported
     */
    static ClipBpeTokenizer parse(JsonNode root, TokenizerConfig config) {
        if (!root.isObject()) throw new IllegalArgumentException("expected a JSON object, got " + root.getNodeType());
        JsonNode model = root.path("model");
        if (!model.isObject()) throw new IllegalArgumentException("missing 'model' section");
        String type = model.path("type").asText("BPE");
        if (!type.equals("BPE")) throw new IllegalArgumentException("model.type must be BPE, got " + type);
        requireUnset(model, "continuing_subword_prefix");
        if (model.path("byte_fallback").asBoolean(false)) {
            throw new IllegalArgumentException("model.byte_fallback = true is not supported");
        }
        Map<String, Integer> vocab = vocab(model.path("vocab"));
        List<BpeModel.Merge> merges = merges(model.path("merges"));
        List<AddedToken> added = addedTokens(root.path("added_tokens"));
        Map<String, Integer> specials = new HashMap<>(vocab);
        added.forEach(t -> specials.put(t.content(), t.id()));

        String unk = textOr(model.get("unk_token"), config.unkToken());
        String suffix = textOr(model.get("end_of_word_suffix"), "");
        BpeModel bpe = new BpeModel(vocab, merges, idOf(specials, unk, "model.unk_token"), suffix,
                model.path("ignore_merges").asBoolean(false));

        int bos = idOf(specials, config.bosToken(), "bos_token");
        int eos = idOf(specials, config.eosToken(), "eos_token");
        int pad = idOf(specials, config.padToken(), "pad_token");
        checkPostProcessor(root.path("post_processor"), config);
        return new ClipBpeTokenizer(normalizer(root.path("normalizer")), preTokenizer(root.path("pre_tokenizer")),
                bpe, added, bos, eos, pad, config.modelMaxLength());
    }

    private static Map<String, Integer> vocab(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) throw new IllegalArgumentException("model.vocab must be a non-empty object");
        Map<String, Integer> vocab = new HashMap<>(node.size() * 2);
        for (var e : node.properties()) {
            if (!e.getValue().canConvertToInt() || e.getValue().intValue() < 0) {
                throw new IllegalArgumentException("model.vocab id of '" + e.getKey() + "' must be an int >= 0, got " + e.getValue());
            }
            vocab.put(e.getKey(), e.getValue().intValue());
        }
        return vocab;
    }

    private static List<BpeModel.Merge> merges(JsonNode node) {
        if (!node.isArray()) throw new IllegalArgumentException("model.merges must be an array");
        List<BpeModel.Merge> merges = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            if (m.isTextual()) {
                String[] parts = m.asText().split(" ", -1);
                if (parts.length != 2) throw new IllegalArgumentException("model.merges[" + i + "] must be 'a b', got " + m);
                merges.add(new BpeModel.Merge(parts[0], parts[1]));
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                merges.add(new BpeModel.Merge(m.get(0).asText(), m.get(1).asText()));
            } else {
                throw new IllegalArgumentException("model.merges[" + i + "] must be 'a b' or [a, b], got " + m);
            }
        }
        return merges;
    }

    private static List<AddedToken> addedTokens(JsonNode node) {
        List<AddedToken> added = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) return added;
        if (!node.isArray()) throw new IllegalArgumentException("added_tokens must be an array");
        for (JsonNode t : node) {
            if (!t.path("content").isTextual() || !t.path("id").canConvertToInt()) {
                throw new IllegalArgumentException("added_tokens entry needs 'content' and 'id', got " + t);
            }
            added.add(new AddedToken(t.get("content").asText(), t.get("id").intValue(), t.path("normalized").asBoolean(false)));
        }
        return added;
    }

    static TextNormalizer normalizer(JsonNode node) {
        List<TextNormalizer.Step> steps = new ArrayList<>();
        addNormalizer(node, steps);
        return new TextNormalizer(steps);
    }

    private static void addNormalizer(JsonNode node, List<TextNormalizer.Step> steps) {
        if (node.isMissingNode() || node.isNull()) return;
        String type = node.path("type").asText();
        switch (type) {
            case "Sequence" -> node.path("normalizers").forEach(n -> addNormalizer(n, steps));
            case "NFC", "NFD", "NFKC", "NFKD" -> steps.add(new TextNormalizer.UnicodeForm(Normalizer.Form.valueOf(type)));
            case "Lowercase" -> steps.add(new TextNormalizer.Lowercase());
            case "Replace" -> steps.add(new TextNormalizer.Replace(pattern(node.path("pattern"), "normalizer Replace"),
                    node.path("content").asText()));
            case "Strip" -> steps.add(new TextNormalizer.Strip(node.path("strip_left").asBoolean(false),
                    node.path("strip_right").asBoolean(false)));
            default -> throw new IllegalArgumentException("normalizer type '" + type
                    + "' is not supported (supported: Sequence, NFC, NFD, NFKC, NFKD, Lowercase, Replace, Strip)");
        }
    }

    static PreTokenizer preTokenizer(JsonNode node) {
        List<PreTokenizer.Step> steps = new ArrayList<>();
        addPreTokenizer(node, steps);
        if (steps.stream().noneMatch(s -> s instanceof PreTokenizer.ByteLevelSplit)) {
            throw new IllegalArgumentException("pre_tokenizer must include ByteLevel (byte-level BPE), got " + node);
        }
        return new PreTokenizer(steps);
    }

    private static void addPreTokenizer(JsonNode node, List<PreTokenizer.Step> steps) {
        if (node.isMissingNode() || node.isNull()) return;
        String type = node.path("type").asText();
        switch (type) {
            case "Sequence" -> node.path("pretokenizers").forEach(n -> addPreTokenizer(n, steps));
            case "Split" -> {
                String behavior = node.path("behavior").asText();
                if (!behavior.equals("Removed") || !node.path("invert").asBoolean(false)) {
                    throw new IllegalArgumentException("pre_tokenizer Split supports behavior Removed with invert true"
                            + " (keep the matches), got behavior " + behavior + ", invert " + node.path("invert"));
                }
                steps.add(new PreTokenizer.KeepMatches(pattern(node.path("pattern"), "pre_tokenizer Split")));
            }
            case "ByteLevel" -> steps.add(new PreTokenizer.ByteLevelSplit(node.path("add_prefix_space").asBoolean(false),
                    node.path("use_regex").asBoolean(true)));
            default -> throw new IllegalArgumentException("pre_tokenizer type '" + type
                    + "' is not supported (supported: Sequence, Split, ByteLevel)");
        }
    }

    private static Pattern pattern(JsonNode node, String where) {
        if (node.path("Regex").isTextual()) {
            try {
                return PreTokenizer.compile(node.get("Regex").asText());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + " regex does not compile: " + node.get("Regex").asText(), e);
            }
        }
        if (node.path("String").isTextual()) return Pattern.compile(Pattern.quote(node.get("String").asText()));
        throw new IllegalArgumentException(where + " pattern must be {\"Regex\": ...} or {\"String\": ...}, got " + node);
    }

    // The post-processor frames the ids; it must agree with tokenizer_config.json's bos and eos.
    private static void checkPostProcessor(JsonNode node, TokenizerConfig config) {
        String type = node.path("type").asText("");
        if (!type.equals("RobertaProcessing") && !type.equals("BertProcessing")) return;
        String cls = node.path("cls").path(0).asText();
        String sep = node.path("sep").path(0).asText();
        if (!cls.equals(config.bosToken()) || !sep.equals(config.eosToken())) {
            throw new IllegalArgumentException("post_processor frames with " + cls + " ... " + sep
                    + " but tokenizer_config.json says bos_token " + config.bosToken() + ", eos_token " + config.eosToken());
        }
    }

    private static int idOf(Map<String, Integer> ids, String token, String key) {
        Integer id = ids.get(token);
        if (id == null) throw new IllegalArgumentException(key + " '" + token + "' is neither in added_tokens nor in model.vocab");
        return id;
    }

    private static String textOr(JsonNode node, String fallback) {
        return node == null || node.isNull() ? fallback : node.asText();
    }

    private static void requireUnset(JsonNode model, String key) {
        JsonNode v = model.get(key);
        if (v != null && !v.isNull() && !v.asText().isEmpty()) {
            throw new IllegalArgumentException("model." + key + " = " + v + " is not supported");
        }
    }
}
