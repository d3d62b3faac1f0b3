package io.fleetline.security.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The wildcard matcher behind resources, actions and the Like operators (spec 4.3). */
class GlobTest {

    private static boolean matches(String pattern, String text) {
        return Glob.matches(PolicyPattern.compileConstant(pattern, true), text, false);
    }

    @Test
    void star_backtracks_to_find_a_later_match() {
        assertThat(matches("a*b*c", "axbybzc")).isTrue();
        assertThat(matches("a*bc", "abcbc")).isTrue();
        assertThat(matches("a*b*c", "axbybz")).isFalse();
    }

    @Test
    void star_matches_the_empty_string_and_a_lone_star_matches_everything() {
        assertThat(matches("ab*", "ab")).isTrue();
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("*", "arn:aws:iot:us-east-1:1:topic/a/b")).isTrue();
    }

    @Test
    void literal_pattern_matches_only_the_same_text() {
        assertThat(matches("abc", "abc")).isTrue();
        assertThat(matches("abc", "abcd")).isFalse();
        assertThat(matches("abc", "ab")).isFalse();
    }

    @Test
    void ignore_case_folds_literals_only() {
        int[] pattern = PolicyPattern.compileConstant("iot:get*", true);

        assertThat(Glob.matches(pattern, "IOT:GetThingShadow", true)).isTrue();
        assertThat(Glob.matches(pattern, "IOT:GetThingShadow", false)).isFalse();
    }

    @Test
    void pathological_pattern_finishes_quickly() {
        String pattern = "*a".repeat(20) + "b";
        String text = "a".repeat(5000);

        assertThat(matches(pattern, text)).isFalse();
    }
}
