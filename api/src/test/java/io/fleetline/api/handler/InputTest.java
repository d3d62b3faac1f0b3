package io.fleetline.api.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Handlers read members exactly: what validation should have refused is refused again, never narrowed. */
class InputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Input input(String json) throws Exception {
        return new Input((ObjectNode) JSON.readTree(json));
    }

    private static void assertRefused(Runnable read, String member) {
        assertThatThrownBy(read::run)
                .isInstanceOfSatisfying(FleetlineException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("at '" + member + "'");
    }

    @Test
    void reads_a_long_that_fits() throws Exception {
        assertThat(input("{\"v\": 9223372036854775807}").optLong("v")).contains(Long.MAX_VALUE);
    }

    @Test
    void refuses_a_long_past_64_bits_instead_of_wrapping_it_to_2() {
        Input in = new Input(JSON.createObjectNode().put("expectedVersion", new BigInteger("18446744073709551618")));

        assertRefused(() -> in.optLong("expectedVersion"), "expectedVersion");
    }

    @Test
    void refuses_an_int_past_32_bits_instead_of_wrapping_it() throws Exception {
        Input in = input("{\"maxResults\": 4294967306}");

        assertRefused(() -> in.optInt("maxResults"), "maxResults");
    }

    @Test
    void refuses_a_fraction_where_a_whole_number_belongs() throws Exception {
        Input in = input("{\"v\": 2.5}");

        assertRefused(() -> in.optLong("v"), "v");
        assertRefused(() -> in.optInt("v"), "v");
    }

    @Test
    void refuses_text_where_a_number_or_a_boolean_belongs() throws Exception {
        Input in = input("{\"v\": \"3\", \"force\": \"true\"}");

        assertRefused(() -> in.optLong("v"), "v");
        assertRefused(() -> in.bool("force"), "force");
    }

    @Test
    void refuses_a_number_where_a_string_belongs() throws Exception {
        Input in = input("{\"thingName\": 7}");

        assertRefused(() -> in.optString("thingName"), "thingName");
    }

    @Test
    void absent_and_null_members_are_empty_and_false() throws Exception {
        Input in = input("{\"v\": null}");

        assertThat(in.optLong("v")).isEmpty();
        assertThat(in.optInt("w")).isEmpty();
        assertThat(in.bool("v")).isFalse();
        assertThat(in.optString("v")).isEmpty();
    }
}
