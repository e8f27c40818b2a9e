package dev.atelier.safety.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.atelier.safety.text.Category;
import dev.atelier.safety.text.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModerationPolicyTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static ModerationPolicy read(String yaml) throws Exception {
        return PolicyFile.read(YAML.readTree(yaml), "safety.yaml: moderation");
    }

    @Test
    void theDefaultsBlockAtMediumAndLowLoosensToHighForPreviewAndPartnerKeys() {
        var p = ModerationPolicy.defaults();
        assertThat(p.thresholds("any", p.effective("preview", ModerationLevel.AUTO)).blockAt(Category.VIOLENCE)).isEqualTo(Severity.MEDIUM);
        assertThat(p.thresholds("any", p.effective("preview", ModerationLevel.LOW)).blockAt(Category.VIOLENCE)).isEqualTo(Severity.HIGH);
        assertThat(p.effective("free", ModerationLevel.LOW)).isEqualTo(ModerationLevel.AUTO);
        assertThat(p.effective("studio", ModerationLevel.LOW)).isEqualTo(ModerationLevel.AUTO);
    }

    @Test
    void sexualContentInvolvingMinorsIsBlockedAtAnySeverityWhateverTheLevel() {
        var p = ModerationPolicy.defaults();
        var low = p.thresholds("any", ModerationLevel.LOW);
        assertThat(low.blocked(Map.of(Category.SEXUAL_MINORS, Severity.LOW))).containsExactly(Category.SEXUAL_MINORS);
        assertThat(BlockThresholds.all(Severity.HIGH).blockAt(Category.SEXUAL_MINORS)).isEqualTo(Severity.LOW);
    }

    @Test
    void aDeploymentsOwnThresholdsReplaceTheInstallations() throws Exception {
        var p = read("""
                block_at: {violence: low}
                deployments:
                  kids-model: {block_at: {sexual: low, violence: low}}
                """);
        assertThat(p.thresholds("kids-model", ModerationLevel.AUTO).blockAt(Category.SEXUAL)).isEqualTo(Severity.LOW);
        assertThat(p.thresholds("other", ModerationLevel.AUTO).blockAt(Category.SEXUAL)).isEqualTo(Severity.MEDIUM);
        assertThat(p.thresholds("other", ModerationLevel.AUTO).blockAt(Category.VIOLENCE)).isEqualTo(Severity.LOW);
    }

    @Test
    void lowTiersAreConfigurable() throws Exception {
        var p = read("low_tiers: [partner]");
        assertThat(p.effective("preview", ModerationLevel.LOW)).isEqualTo(ModerationLevel.AUTO);
        assertThat(p.effective("partner", ModerationLevel.LOW)).isEqualTo(ModerationLevel.LOW);
    }

    @Test
    void fileErrorsNameTheKeyAndTheValidValues() {
        assertThatThrownBy(() -> read("block_at: {gore: high}")).hasMessageContaining("safety.yaml: moderation.block_at")
                .hasMessageContaining("gore").hasMessageContaining("self_harm");
        assertThatThrownBy(() -> read("block_at: {violence: extreme}")).hasMessageContaining("extreme").hasMessageContaining("medium (4)");
        assertThatThrownBy(() -> read("block_at: {violence: safe}")).hasMessageContaining("would block every prompt");
        assertThatThrownBy(() -> read("block_at: {sexual_minors: high}")).hasMessageContaining("cannot be configured");
        assertThatThrownBy(() -> read("thresholds: {}")).hasMessageContaining("unknown key 'thresholds'");
        assertThatThrownBy(() -> read("low_tiers: [gold]")).hasMessageContaining("unknown tier 'gold'");
    }

    @Test
    void aRefusalNamesTheCategoriesAndSeveritiesButNeverTheBlocklistedText() {
        var analysis = new dev.atelier.safety.text.TextAnalysis(Map.of(Category.VIOLENCE, Severity.HIGH), java.util.List.of());
        var v = new PromptVerdict(analysis, ModerationLevel.AUTO, BlockThresholds.defaults(), java.util.Set.of(Category.VIOLENCE),
                java.util.List.of("secret project x"));
        assertThat(v.allowed()).isFalse();
        assertThat(v.refusal()).contains("violence (high)").contains("blocklist").doesNotContain("secret project x");
    }
}
