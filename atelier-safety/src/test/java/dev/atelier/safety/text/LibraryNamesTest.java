package dev.atelier.safety.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The default model's users ask for its emoji by name, in 28 locales: no name may be refused. (Before this test, 69
 * of them were: Norwegian "klokken seks" is six o'clock, Malay "mata" an eye, German "Kopf" a head, Italian
 * "martello" a hammer, Polish "w górę" upwards.)
 */
class LibraryNamesTest {
    @Test
    void noEmojiNameOfTheShippedLibraryRatesMediumOrAbove() throws Exception {
        Path library = Path.of(System.getProperty("atelier.root"), "models", "atelier-image-2", "library", "library.json");
        JsonNode root = new ObjectMapper().readTree(library.toFile());
        var classifier = LexiconClassifier.shipped();
        var refused = new ArrayList<String>();
        int names = 0;
        for (JsonNode entry : root.get("entries")) {
            for (JsonNode name : entry.get("names")) {
                names++;
                TextAnalysis a = classifier.analyze("a " + name.asText());
                if (a.severities().values().stream().anyMatch(s -> s.atLeast(Severity.MEDIUM))) refused.add(name.asText() + " " + a.evidence());
            }
        }
        assertThat(names).isGreaterThan(40_000);
        assertThat(refused).isEmpty();
    }
}
