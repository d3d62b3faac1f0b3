package io.fleetline.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ShadowRulesTest {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The JSON text of {@code text} (numbers as JSON writes them, whatever node type holds them). */
    static String text(String text) {
        return json(text).toString();
    }

    /** {@code patch} merged into {@code state} at time 7: the state, and the metadata beside it. */
    static ObjectNode[] merged(String state, String metadata, String patch) {
        ObjectNode s = json(state);
        ObjectNode m = json(metadata);
        ShadowRules.merge(s, m, json(patch), 7);
        return new ObjectNode[] {s, m};
    }

    @Test
    void an_update_changes_only_the_fields_it_names() {
        ObjectNode[] out = merged("{'a':1,'b':{'c':2,'d':3}}", "{'a':{'timestamp':1},'b':{'c':{'timestamp':1},"
                + "'d':{'timestamp':1}}}", "{'b':{'c':5}}");

        assertThat(out[0]).isEqualTo(json("{'a':1,'b':{'c':5,'d':3}}"));
        assertThat(out[1].toString())
                .isEqualTo(text("{'a':{'timestamp':1},'b':{'c':{'timestamp':7},'d':{'timestamp':1}}}"));
    }

    @Test
    void null_removes_a_field_and_its_metadata_and_an_object_it_empties() {
        ObjectNode[] out = merged("{'a':1,'b':{'c':2}}", "{'a':{'timestamp':1},'b':{'c':{'timestamp':1}}}",
                "{'a':null,'b':{'c':null}}");

        assertThat(out[0]).isEqualTo(json("{}"));
        assertThat(out[1].toString()).isEqualTo(text("{}"));
    }

    @Test
    void an_array_is_replaced_whole_with_a_timestamp_per_element() {
        ObjectNode[] out = merged("{'list':[1,2,3]}", "{'list':[{'timestamp':1},{'timestamp':1},{'timestamp':1}]}",
                "{'list':[9]}");

        assertThat(out[0]).isEqualTo(json("{'list':[9]}"));
        assertThat(out[1].toString()).isEqualTo(text("{'list':[{'timestamp':7}]}"));
    }

    @Test
    void an_object_replacing_a_scalar_gets_fresh_metadata() {
        ObjectNode[] out = merged("{'a':1}", "{'a':{'timestamp':1}}", "{'a':{'x':true}}");

        assertThat(out[0]).isEqualTo(json("{'a':{'x':true}}"));
        assertThat(out[1].toString()).isEqualTo(text("{'a':{'x':{'timestamp':7}}}"));
    }

    @Test
    void the_delta_holds_only_differing_leaves_with_their_full_paths() {
        ObjectNode delta = ShadowRules.delta(json("{'a':{'b':{'c':1,'d':2}},'e':'x','f':[1,2]}"),
                json("{'a':{'b':{'c':1,'d':3}},'e':'x','f':[1,2],'g':'only reported'}"));

        assertThat(delta).isEqualTo(json("{'a':{'b':{'d':2}}}"));
    }

    @Test
    void the_delta_copies_a_whole_differing_array_and_fields_reported_lacks() {
        ObjectNode delta = ShadowRules.delta(json("{'f':[1,2,3],'new':{'x':1}}"), json("{'f':[1,2]}"));

        assertThat(delta).isEqualTo(json("{'f':[1,2,3],'new':{'x':1}}"));
    }

    @Test
    void numbers_equal_in_value_make_no_delta() {
        assertThat(ShadowRules.delta(json("{'t':1.0,'u':100}"), json("{'t':1,'u':1E+2}"))).isEmpty();
    }

    @Test
    void depth_counts_objects_and_arrays() {
        assertThat(ShadowRules.depth(json("{'a':1}"))).isEqualTo(1);
        assertThat(ShadowRules.depth(json("{'a':{'b':[1]}}"))).isEqualTo(3);
    }

    @Test
    void the_delta_metadata_is_the_desired_metadata_of_the_delta_fields() {
        ShadowDocument doc = new ShadowDocument(json("{'desired':{'a':1,'b':{'c':2}},'reported':{'a':1}}"),
                json("{'desired':{'a':{'timestamp':3},'b':{'c':{'timestamp':4}}},'reported':{'a':{'timestamp':5}}}"));

        ObjectNode delta = doc.delta().orElseThrow();

        assertThat(delta).isEqualTo(json("{'b':{'c':2}}"));
        assertThat(doc.deltaMetadata(delta).toString()).isEqualTo(text("{'b':{'c':{'timestamp':4}}}"));
    }
}
