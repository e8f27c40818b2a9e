package dev.atelier.engine.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.engine.io.NpyArray;
import dev.atelier.engine.io.Npz;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared planner and draft vectors ({@code training/testdata/planner-vectors.json} and {@code draft-vectors.npz},
 * written by {@code atelier_train.planner_vectors} from the Python planner and renderer, which
 * training/tests/test_planner.py checks too): the engine must plan every prompt exactly as Python does and draw its
 * draft and reference slots to 1e-4.
 */
class PlannerVectorsTest {
    private static final double TOLERANCE = 1e-4;
    private static JsonNode vectors;
    private static Map<String, NpyArray> drafts;
    private static Retriever retriever;

    @BeforeAll
    static void load() throws Exception {
        vectors = new ObjectMapper().readTree(RetrievalVectorsTest.TESTDATA.resolve("planner-vectors.json").toFile());
        drafts = Npz.read(RetrievalVectorsTest.TESTDATA.resolve("draft-vectors.npz"));
        retriever = new Retriever(Library.open(RetrievalVectorsTest.TESTDATA.resolve(vectors.get("library").asText())));
    }

    @Test
    void plansWhatPythonPlans() {
        assertThat(vectors.get("plans").size()).isGreaterThanOrEqualTo(50);
        for (JsonNode c : vectors.get("plans")) {
            String prompt = c.get("prompt").asText();
            Retrieval r = retriever.retrieve(prompt);
            assertThat(r.hits().stream().map(h -> h.entry().id()).toList()).as(prompt).isEqualTo(strings(c.get("hits")));
            var expected = new ArrayList<Planner.Item>();
            for (JsonNode i : c.get("plan")) {
                expected.add(new Planner.Item(i.get(0).asInt(), i.get(1).asDouble(), i.get(2).asDouble(), i.get(3).asDouble()));
            }
            assertThat(Planner.plan(r)).as(prompt).isEqualTo(expected);
        }
    }

    @Test
    void drawsTheDraftsPythonDraws() {
        int canvas = vectors.get("canvas").asInt();
        vectors.get("drafts").properties().forEach(e -> {
            Retrieval r = retriever.retrieve(e.getValue().asText());
            List<Sprite> sprites = r.hits().stream().map(Retrieval.Hit::sprite).toList();
            float[] draft = DraftRenderer.draft(sprites, Planner.plan(r), canvas);
            NpyArray expected = drafts.get(e.getKey() + "_draft");
            assertThat(expected.shape()).containsExactly(1, 4, canvas, canvas);
            assertThat(maxDifference(draft, expected.toFloats())).as(e.getKey() + ": " + e.getValue()).isLessThan(TOLERANCE);
        });
    }

    @Test
    void encodesTheReferenceSlotsAsPythonDoes() {
        int checked = 0;
        for (var e : vectors.get("drafts").properties()) {
            NpyArray expected = drafts.get(e.getKey() + "_references");
            if (expected == null) continue;
            Retrieval r = retriever.retrieve(e.getValue().asText());
            float[] slots = new float[(int) expected.data().length];
            int per = slots.length / 2;
            for (int k = 0; k < 2; k++) {
                float[] slot = k < r.hits().size() ? DraftRenderer.reference(r.hits().get(k).sprite()) : DraftRenderer.empty(Sprite.SIZE);
                System.arraycopy(slot, 0, slots, k * per, per);
            }
            assertThat(maxDifference(slots, expected.toFloats())).as(e.getKey()).isLessThan(TOLERANCE);
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    static double maxDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    private static List<String> strings(JsonNode list) {
        var out = new ArrayList<String>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }
}
