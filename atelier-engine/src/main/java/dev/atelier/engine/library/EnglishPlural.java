package dev.atelier.engine.library;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The English plural of an emoji label, as the training captions write it ({@code atelier_train.data.captions.plural},
 * which this follows rule for rule): the head noun is pluralized, {@code face with tears of joy -> faces with tears of
 * joy}. The shared retrieval vectors hold the two to the same answers.
 */
final class EnglishPlural {
    private static final Map<String, String> IRREGULAR = Map.ofEntries(Map.entry("man", "men"),
            Map.entry("woman", "women"), Map.entry("person", "people"), Map.entry("child", "children"),
            Map.entry("mouse", "mice"), Map.entry("foot", "feet"), Map.entry("tooth", "teeth"),
            Map.entry("goose", "geese"), Map.entry("fish", "fish"), Map.entry("sheep", "sheep"),
            Map.entry("deer", "deer"), Map.entry("leaf", "leaves"), Map.entry("knife", "knives"),
            Map.entry("wolf", "wolves"), Map.entry("ox", "oxen"), Map.entry("bison", "bison"),
            Map.entry("moose", "moose"), Map.entry("shrimp", "shrimp"), Map.entry("squid", "squid"));
    private static final String[] HEAD_BREAKS = {" with ", " of ", " in ", " on ", " for ", " from ", ": "};

    private EnglishPlural() {
    }

    /** The plural of {@code label}; a label that reads as plural already is returned as it is. */
    static String of(String label) {
        if (isPlural(label)) return label;
        int cut = label.length();
        for (String brk : HEAD_BREAKS) {
            int i = label.indexOf(brk);
            if (i > 0 && i < cut) cut = i;
        }
        String[] words = label.substring(0, cut).split(" ", -1);
        words[words.length - 1] = pluralizeWord(words[words.length - 1]);
        return String.join(" ", words) + label.substring(cut);
    }

    /** Whether the name has a word before its first ':' (a plural is only made of such names). */
    static boolean hasHead(String label) {
        int colon = label.indexOf(':');
        return !(colon < 0 ? label : label.substring(0, colon)).isBlank();
    }

    private static boolean isPlural(String label) {
        if (!hasHead(label)) return false;
        int colon = label.indexOf(':');
        String[] words = Arrays.stream((colon < 0 ? label : label.substring(0, colon)).split(" "))
                .filter(w -> !w.isEmpty()).toArray(String[]::new);
        String last = words[words.length - 1].toLowerCase(Locale.ROOT);
        return last.endsWith("s") && !(last.endsWith("ss") || last.endsWith("us") || last.endsWith("is")
                || last.endsWith("os")) && last.codePointCount(0, last.length()) > 3;
    }

    private static String pluralizeWord(String word) {
        String low = word.toLowerCase(Locale.ROOT);
        String irregular = IRREGULAR.get(low);
        if (irregular != null) return irregular;
        if (low.endsWith("s") || low.endsWith("x") || low.endsWith("z") || low.endsWith("ch") || low.endsWith("sh")) {
            return word + "es";
        }
        if (low.endsWith("y") && low.length() > 1 && "aeiou".indexOf(low.charAt(low.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        return word + "s";
    }
}
