package dev.atelier.engine.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the older pair of files a CLIP tokenizer ships as: {@code vocab.json} (token to id) and
 * {@code merges.txt} (one "a b" merge a line, best first, after a {@code #version} header line). These files
 * carry no normalizer or pre-tokenizer settings, so CLIP's are used, with the {@code </w>} suffix; the special
 * tokens named in tokenizer_config.json are matched whole in the raw text.
 */
final class VocabMergesFiles {

    private VocabMergesFiles() {}

    /**
     * Builds the tokenizer from a parsed {@code vocab.json} and the lines of {@code merges.txt}.
     *
     * @throws IllegalArgumentException naming the entry or line (1-based) that is malformed
     */
    static ClipBpeTokenizer parse(JsonNode vocabJson, List<String> mergeLines, TokenizerConfig config) {
        Map<String, Integer> vocab = vocab(vocabJson);
        BpeModel bpe = new BpeModel(vocab, merges(mergeLines), idOf(vocab, config.unkToken(), "unk_token"), "</w>", false);
        List<AddedToken> added = new ArrayList<>();
        for (String special : List.of(config.bosToken(), config.eosToken(), config.padToken(), config.unkToken())) {
            if (vocab.containsKey(special)) added.add(new AddedToken(special, vocab.get(special), false));
        }
        return new ClipBpeTokenizer(TextNormalizer.clip(), PreTokenizer.clip(), bpe, added,
                idOf(vocab, config.bosToken(), "bos_token"), idOf(vocab, config.eosToken(), "eos_token"),
                idOf(vocab, config.padToken(), "pad_token"), config.modelMaxLength());
    }

    private static Map<String, Integer> vocab(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) throw new IllegalArgumentException("expected a non-empty object of token to id");
        Map<String, Integer> vocab = new HashMap<>(node.size() * 2);
        for (var e : node.properties()) {
            if (!e.getValue().canConvertToInt() || e.getValue().intValue() < 0) {
                throw new IllegalArgumentException("id of '" + e.getKey() + "' must be an int >= 0, got " + e.getValue());
            }
            vocab.put(e.getKey(), e.getValue().intValue());
        }
        return vocab;
    }

    private static List<BpeModel.Merge> merges(List<String> lines) {
        List<BpeModel.Merge> merges = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) continue;
            String[] parts = line.split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new IllegalArgumentException("line " + (i + 1) + " must be two tokens separated by one space, got '" + line + "'");
            }
            merges.add(new BpeModel.Merge(parts[0], parts[1]));
        }
        return merges;
    }

    private static int idOf(Map<String, Integer> vocab, String token, String key) {
        Integer id = vocab.get(token);
        if (id == null) throw new IllegalArgumentException(key + " '" + token + "' from tokenizer_config.json is not in vocab.json");
        return id;
    }
}
