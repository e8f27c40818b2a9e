package dev.atelier.safety.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operator blocklists: same normalisation as the classifier, whole words, clear errors. */
class BlocklistMatcherTest {
    private final BlocklistMatcher matcher = BlocklistMatcher.of(List.of("ass", "acme corp", "Mickey Mouse", "ドラえもん", "drug*"));

    @Test
    void matchesTermsAsOperatorWroteThem() {
        assertThat(matcher.matches("mickey mouse and an ass")).containsExactly("ass", "Mickey Mouse");
    }

    @Test
    void matchesObfuscatedTerms() {
        assertThat(matcher.matches("a donkey's @ss")).containsExactly("ass");
        assertThat(matcher.matches("M.i.c.k.e.y m o u s e")).containsExactly("Mickey Mouse");
        assertThat(matcher.matches("ａｃｍｅ ｃｏｒｐ logo")).containsExactly("acme corp");
        assertThat(matcher.matches("аcme\u200B corp")).containsExactly("acme corp");
    }

    @Test
    void doesNotMatchInsideInnocentWords() {
        assertThat(matcher.matches("a class of bass players assembling")).isEmpty();
        assertThat(matcher.matches("acme corporation")).isEmpty();
    }

    @Test
    void starMakesAStem() {
        assertThat(matcher.matches("drugstore")).containsExactly("drug*");
    }

    @Test
    void tildeStandsForAFewWords() {
        var gap = BlocklistMatcher.of(List.of("acme ~ logo"));
        assertThat(gap.matches("the acme company's new logo")).containsExactly("acme ~ logo");
        assertThat(gap.matches("acme makes anvils, rockets, traps and a logo")).isEmpty();
    }

    @Test
    void unspacedScriptsMatchAsSubstrings() {
        assertThat(matcher.matches("ドラえもんの絵")).containsExactly("ドラえもん");
    }

    @Test
    void emptyBlocklistMatchesNothing() {
        assertThat(BlocklistMatcher.of(List.of()).matches("anything")).isEmpty();
    }

    @Test
    void addingATermBuildsANewMatcher() {
        var more = matcher.with("pikachu");
        assertThat(more.matches("pikachu")).containsExactly("pikachu");
        assertThat(matcher.matches("pikachu")).isEmpty();
    }

    @Test
    void termsAreTrimmedAndDistinct() {
        assertThat(BlocklistMatcher.of(List.of(" foo ", "foo")).terms()).containsExactly("foo");
    }

    @Test
    void rejectsBlankTerms() {
        assertThatThrownBy(() -> BlocklistMatcher.of(List.of("ok", "  "))).hasMessage("blocklist term must not be blank");
    }

    @Test
    void rejectsTermsOverOneHundredCharacters() {
        assertThatThrownBy(() -> BlocklistMatcher.validate("x".repeat(101)))
                .hasMessageContaining("is 101 characters; at most 100 allowed");
    }

    @Test
    void rejectsTermsWithNothingToMatch() {
        assertThatThrownBy(() -> BlocklistMatcher.validate("***")).hasMessage("blocklist term '***' has no letters or digits to match");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> BlocklistMatcher.validate(null)).hasMessage("blocklist term must not be null");
    }
}
