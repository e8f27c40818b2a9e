package dev.atelier.eval.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.eval.judge.DetectedObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckerTest {
    private static DetectedObject at(int concept, double cx, double cy, int area) {
        return new DetectedObject(cx, cy, 0.3, 0.3, area, concept, 0, 0.01);
    }

    @Test
    void relationsFollowTheDominantAxis() {
        DetectedObject[] leftOf = {at(1, 0.25, 0.5, 10), at(2, 0.75, 0.55, 10)};
        assertThat(Checker.relationHolds(leftOf, "left of")).isTrue();
        assertThat(Checker.relationHolds(leftOf, "right of")).isFalse();
        assertThat(Checker.relationHolds(leftOf, "above")).isFalse();
        DetectedObject[] above = {at(1, 0.5, 0.25, 10), at(2, 0.45, 0.75, 10)};
        assertThat(Checker.relationHolds(above, "above")).isTrue();
        assertThat(Checker.relationHolds(above, "below")).isFalse();
    }

    @Test
    void twoObjectsMatchInEitherOrderAndAreReturnedInCaptionOrder() {
        var pair = Checker.matchTwo(List.of(at(2, 0.75, 0.5, 20), at(1, 0.25, 0.5, 10)), List.of(1, 2));
        assertThat(pair).isNotNull();
        assertThat(pair[0].concept()).isEqualTo(1);
        assertThat(Checker.relationHolds(pair, "left of")).isTrue();
    }

    @Test
    void twoObjectsFailWhenAConceptIsMissing() {
        assertThat(Checker.matchTwo(List.of(at(2, 0.75, 0.5, 20), at(3, 0.25, 0.5, 10)), List.of(1, 2))).isNull();
        assertThat(Checker.matchTwo(List.of(at(1, 0.75, 0.5, 20)), List.of(1, 2))).isNull();
        assertThat(Checker.relationHolds(null, "left of")).isFalse();
    }
}
