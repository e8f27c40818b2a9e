package dev.atelier.safety.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.Transliterator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a prompt into the form the lexicon and the operator blocklists are matched against, undoing the usual
 * obfuscations. Thread-safe and stateless; every step is a maintained Unicode mechanism from ICU4J, not a
 * hand-written table:
 * <ol>
 *   <li>NFKC case folding ({@code NFKC_Casefold}): full-width and mathematical letters, case, and the removal of
 *       default-ignorable characters (ZWSP, ZWJ, ZWNJ, soft hyphen, BOM);</li>
 *   <li>Traditional to Simplified Chinese (ICU's {@code Traditional-Simplified}), so one Chinese lexicon serves
 *       zh and zh-hant;</li>
 *   <li>per token of an alphabetic script (Latin, Cyrillic, Greek, Armenian, Cherokee): each non-ASCII letter's
 *       confusable skeleton of Unicode TR #39 ({@link SpoofChecker#getSkeleton}), lower case, and diacritics
 *       removed; a token that mixes scripts or
 *       uses Latin letters outside Latin-1 (small capitals) is also transliterated to ASCII
 *       ({@code Any-Latin; Latin-ASCII}), because the skeleton keeps Cyrillic 'к' apart from 'k';</li>
 *   <li>leetspeak decodings ({@link Leet}), letters split by spaces or punctuation joined back
 *       ({@link Tokenizer}).</li>
 * </ol>
 * Tokens of Han, Kana, Thai and the other scripts written without spaces keep their folded form; they are matched
 * as substrings of {@link NormalizedText#unspaced()}.
 */
public final class TextNormalizer {
    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static final Map<String, String> ASCII_BY_SKELETON = asciiBySkeleton();
    private static final Map<Integer, String> CONFUSABLES = new ConcurrentHashMap<>();
    private static final ThreadLocal<Transliterator> TO_SIMPLIFIED =
            ThreadLocal.withInitial(() -> Transliterator.getInstance("Traditional-Simplified"));
    private static final ThreadLocal<Transliterator> TO_ASCII =
            ThreadLocal.withInitial(() -> Transliterator.getInstance("Any-Latin; Latin-ASCII"));

    private TextNormalizer() {
    }

    /** Normalises a whole prompt into tokens with their de-obfuscated variants. */
    public static NormalizedText normalize(String text) {
        return Tokenizer.tokenize(fold(text));
    }

    /**
     * Step 1 and 2: NFKC case folding without default-ignorable characters, and Simplified Chinese.
     * Exposed so a caller can see what the matcher sees.
     */
    public static String fold(String text) {
        String folded = NFKC_CASEFOLD.normalize(compatibilityConfusables(text));
        return hasScript(folded, UScript.HAN) ? TO_SIMPLIFIED.get().transliterate(folded) : folded;
    }

    /**
     * Replaces the characters that NFKC would rewrite and whose own skeleton is an ASCII letter's by that letter:
     * NFKC turns the lunate sigma 'ϲ' (confusable with 'c') into 'ς', which no longer is. Characters that NFKC
     * turns into ASCII (full-width 'Ｉ') are left to NFKC.
     */
    private static String compatibilityConfusables(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            String decomposition = cp < 0x80 ? null : NFKC.getDecomposition(cp);
            if (decomposition != null && decomposition.chars().anyMatch(c -> c >= 0x80)) {
                String ascii = ASCII_BY_SKELETON.get(SPOOF.getSkeleton(new String(Character.toChars(cp))));
                if (ascii != null) {
                    if (out == null) out = new StringBuilder(text.length()).append(text, 0, i);
                    out.append(ascii);
                    i += n;
                    continue;
                }
            }
            if (out != null) out.appendCodePoint(cp);
            i += n;
        }
        return out == null ? text : out.toString();
    }

    /**
     * The matching keys of one folded token (step 3): its skeleton, plus its ASCII transliteration's skeleton
     * when it mixes scripts. Tokens outside Latin, Cyrillic and Greek are returned as they are.
     */
    static List<String> keys(String token) {
        if (!isAlphabetic(token)) return List.of(token);
        String skeleton = key(token);
        if (!needsTransliteration(token)) return List.of(skeleton);
        String ascii = key(NFKC_CASEFOLD.normalize(TO_ASCII.get().transliterate(token)));
        return ascii.equals(skeleton) ? List.of(skeleton) : List.of(skeleton, ascii);
    }

    /**
     * The primary key of a token: every non-ASCII letter replaced by its TR #39 skeleton (taken from ICU per
     * character; where that skeleton is an ASCII letter's skeleton, that letter, so 'm' stays 'm' rather than
     * becoming "rn" and "pomnik" cannot turn into "porn"), lower case, combining marks removed.
     */
    static String key(String token) {
        if (!isAlphabetic(token)) return token;
        var out = new StringBuilder(token.length());
        token.codePoints().forEach(cp -> {
            if (cp < 0x80) out.appendCodePoint(cp);
            else out.append(confusable(cp));
        });
        var key = new StringBuilder(out.length());
        out.toString().toLowerCase(Locale.ROOT).codePoints().forEach(cp -> {
            if (UCharacter.getType(cp) != UCharacter.NON_SPACING_MARK) key.appendCodePoint(cp);
        });
        return key.toString();
    }

    private static String confusable(int cp) {
        String cached = CONFUSABLES.get(cp);
        if (cached != null) return cached;
        String skeleton = SPOOF.getSkeleton(new String(Character.toChars(cp)));
        String mapped = ASCII_BY_SKELETON.getOrDefault(skeleton, skeleton);
        if (CONFUSABLES.size() < 20_000) CONFUSABLES.put(cp, mapped);
        return mapped;
    }

    /** ASCII letters by their skeleton ("rn" → "m", "l" → "l"), from ICU's data, lower case first. */
    private static Map<String, String> asciiBySkeleton() {
        var map = new HashMap<String, String>();
        for (char c = 'a'; c <= 'z'; c++) map.putIfAbsent(SPOOF.getSkeleton(String.valueOf(c)), String.valueOf(c));
        for (char c = 'A'; c <= 'Z'; c++) {
            map.putIfAbsent(SPOOF.getSkeleton(String.valueOf(c)), String.valueOf(Character.toLowerCase(c)));
        }
        return Map.copyOf(map);
    }

    /** True when every letter of the token is Latin, Cyrillic, Greek, Armenian or Cherokee (digits and symbols count as neutral). */
    static boolean isAlphabetic(String token) {
        return token.codePoints().allMatch(cp -> {
            int script = UScript.getScript(cp);
            return script == UScript.LATIN || script == UScript.CYRILLIC || script == UScript.GREEK
                    || script == UScript.ARMENIAN || script == UScript.CHEROKEE
                    || script == UScript.COMMON || script == UScript.INHERITED;
        });
    }

    /** Scripts written without spaces between words: their terms are matched as substrings. */
    static boolean isUnspacedScript(int cp) {
        int script = UScript.getScript(cp);
        return script == UScript.HAN || script == UScript.HIRAGANA || script == UScript.KATAKANA
                || script == UScript.THAI || script == UScript.LAO || script == UScript.KHMER
                || script == UScript.MYANMAR || (cp == 0x30FC);
    }

    private static boolean needsTransliteration(String token) {
        int scripts = 0;
        boolean extendedLatin = false;
        for (int cp : token.codePoints().toArray()) {
            int script = UScript.getScript(cp);
            if (script == UScript.LATIN) {
                scripts |= 1;
                extendedLatin |= cp > 0xFF;
            } else if (script == UScript.CYRILLIC) {
                scripts |= 2;
            } else if (script == UScript.GREEK) {
                scripts |= 4;
            } else if (script == UScript.ARMENIAN || script == UScript.CHEROKEE) {
                scripts |= 8;
            }
        }
        return extendedLatin || Integer.bitCount(scripts) > 1;
    }

    private static boolean hasScript(String text, int script) {
        return text.codePoints().anyMatch(cp -> UScript.getScript(cp) == script);
    }

    /** Splits on anything that is not a letter, mark, digit or leet symbol; the pieces of a chunk. */
    static List<String> pieces(String chunk) {
        var out = new ArrayList<String>();
        var current = new StringBuilder();
        chunk.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || UCharacter.getType(cp) == UCharacter.NON_SPACING_MARK
                    || UCharacter.getType(cp) == UCharacter.COMBINING_SPACING_MARK || Leet.isSymbol(cp)) {
                current.appendCodePoint(cp);
            } else if (!current.isEmpty()) {
                out.add(current.toString());
                current.setLength(0);
            }
        });
        if (!current.isEmpty()) out.add(current.toString());
        return out;
    }
}
