package io.fleetline.shadow;

import static io.fleetline.shadow.ShadowRulesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShadowUpdateTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {}                                              | Missing required node: state
            {'state':1}                                     | State node must be an object
            {'state':{'desired':[1]}}                       | Desired node must be an object
            {'state':{'reported':'on'}}                     | Reported node must be an object
            {'state':{},'version':'1'}                      | Invalid version
            {'state':{},'version':1.5}                      | Invalid version
            {'state':{},'version':-1}                       | Invalid version
            {'state':{},'version':99999999999999999999999}  | Invalid version
            {'state':{},'clientToken':7}                    | Invalid clientToken
            {'state':{},'clientToken':''}                   | Invalid clientToken
            {'state':{'other':{}}}                          | State contains an invalid node: 'other'
            {'state':{'desired':{'a':[1,null]}}}            | State contains an invalid node: arrays can't have null values
            {'state':{'desired':{'a':{'b':{'c':{'d':{'e':{'f':{'g':1}}}}}}}}} | JSON contains too many levels of nesting; maximum is 6
            """)
    void a_request_breaking_a_rule_is_refused_with_awss_message(String request, String message) {
        assertThatThrownBy(() -> ShadowUpdate.of(json(request))).isInstanceOfSatisfying(ShadowRejection.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void six_levels_are_allowed() {
        assertThat(ShadowUpdate.of(json("{'state':{'desired':{'a':{'b':{'c':{'d':{'e':{'f':1}}}}}}}}")).state())
                .isPresent();
    }

    @Test
    void a_client_token_of_65_bytes_is_refused_and_one_of_64_kept() {
        String token = "t".repeat(64);
        assertThat(ShadowUpdate.of(json("{'state':{},'clientToken':'" + token + "'}")).clientToken()).contains(token);
        assertThatThrownBy(() -> ShadowUpdate.of(json("{'state':{},'clientToken':'" + token + "x'}")))
                .hasMessage("Invalid clientToken");
    }

    @Test
    void state_null_clears_the_document_and_other_members_are_ignored() {
        ShadowUpdate update = ShadowUpdate.of(json("{'state':null,'metadata':{'x':1},'version':3}"));

        assertThat(update.state()).isEmpty();
        assertThat(update.version()).contains(3L);
    }
}
