package dev.atelier.engine.text;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a tokenizer from a model package's {@code tokenizer/} folder. The folder holds either a Hugging Face
 * {@code tokenizer.json} (preferred when present) or the pair {@code vocab.json} + {@code merges.txt}, and
 * optionally {@code tokenizer_config.json} for {@code model_max_length} and the bos/eos/pad/unk tokens (CLIP's
 * when absent, see {@link TokenizerConfig#CLIP}). Both forms of the same tokenizer give the same ids.
 *
 * <p>Every error is an {@link IOException} whose message names the file (or folder) and what was expected.
 */
public final class Tokenizers {

    /** The preferred file: Hugging Face tokenizers' format. */
    public static final String TOKENIZER_JSON = "tokenizer.json";
    /** Token to id, in the older two-file form. */
    public static final String VOCAB_JSON = "vocab.json";
    /** Ranked merges, in the older two-file form. */
    public static final String MERGES_TXT = "merges.txt";
    /** Optional settings: maximum length and special tokens. */
    public static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokenizers() {}

    /**
     * Loads the tokenizer in {@code tokenizerDir}: from {@code tokenizer.json} if present, else from
     * {@code vocab.json} + {@code merges.txt}.
     *
     * @throws IOException if the folder is missing, holds neither form, or a file cannot be read or parsed;
     *                     the message names the folder or file and what was expected
     */
    public static ClipBpeTokenizer load(Path tokenizerDir) throws IOException {
        requireFolder(tokenizerDir);
        if (Files.exists(tokenizerDir.resolve(TOKENIZER_JSON))) return loadTokenizerJson(tokenizerDir);
        if (Files.exists(tokenizerDir.resolve(VOCAB_JSON)) || Files.exists(tokenizerDir.resolve(MERGES_TXT))) {
            return loadVocabAndMerges(tokenizerDir);
        }
        throw new NoSuchFileException(tokenizerDir.toString(), null, "tokenizer folder has neither " + TOKENIZER_JSON
                + " nor " + VOCAB_JSON + " + " + MERGES_TXT);
    }

    /**
     * Loads {@code tokenizer.json} (and {@code tokenizer_config.json} if present) from {@code tokenizerDir}.
     *
     * @throws IOException naming the file that is missing, unreadable or malformed
     */
    public static ClipBpeTokenizer loadTokenizerJson(Path tokenizerDir) throws IOException {
        requireFolder(tokenizerDir);
        TokenizerConfig config = readConfig(tokenizerDir);
        Path file = tokenizerDir.resolve(TOKENIZER_JSON);
        JsonNode root = readJson(file);
        try {
            return HfTokenizerJson.parse(root, config);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code vocab.json} + {@code merges.txt} (and {@code tokenizer_config.json} if present) from
     * {@code tokenizerDir}, ignoring any {@code tokenizer.json}.
     *
     * @throws IOException naming the file that is missing, unreadable or malformed
     */
    public static ClipBpeTokenizer loadVocabAndMerges(Path tokenizerDir) throws IOException {
        requireFolder(tokenizerDir);
        TokenizerConfig config = readConfig(tokenizerDir);
        Path vocabFile = tokenizerDir.resolve(VOCAB_JSON);
        Path mergesFile = tokenizerDir.resolve(MERGES_TXT);
        JsonNode vocab = readJson(vocabFile);
        List<String> merges = readLines(mergesFile);
        try {
            return VocabMergesFiles.parse(vocab, merges, config);
        } catch (IllegalArgumentException e) {
            throw new IOException(vocabFile + " + " + MERGES_TXT + ": " + e.getMessage(), e);
        }
    }

    private static TokenizerConfig readConfig(Path tokenizerDir) throws IOException {
        Path file = tokenizerDir.resolve(TOKENIZER_CONFIG_JSON);
        if (!Files.exists(file)) return TokenizerConfig.CLIP;
        try {
            return TokenizerConfig.fromJson(readJson(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void requireFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "tokenizer folder not found; expected a folder with "
                    + TOKENIZER_JSON + " or " + VOCAB_JSON + " + " + MERGES_TXT);
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "expected this file");
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> readLines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "expected this file");
        try {
            return Files.readAllLines(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8", e);
        }
    }
}
