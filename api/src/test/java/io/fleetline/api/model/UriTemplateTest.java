package io.fleetline.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UriTemplateTest {
    private static final UriTemplate THING = UriTemplate.parse("/things/{thingName}");
    private static final UriTemplate TOPIC = UriTemplate.parse("/topics/{topic}");
    private static final UriTemplate NEXT_JOB = UriTemplate.parse("/things/{thingName}/jobs/$next");
    private static final UriTemplate DESTINATION = UriTemplate.parse("/destinations/{arn+}");

    @Nested
    class Labels {
        @Test
        void takes_the_value_of_a_plain_segment() {
            assertThat(THING.match("/things/t1")).contains(Map.of("thingName", "t1"));
        }

        @Test
        void keeps_an_encoded_slash_inside_the_label() {
            assertThat(TOPIC.match("/topics/%24aws%2Fthings%2Ft1%2Fshadow%2Fupdate"))
                    .contains(Map.of("topic", "$aws/things/t1/shadow/update"));
        }

        @Test
        void decodes_other_escapes() {
            assertThat(THING.match("/things/a%3Ab%20c")).contains(Map.of("thingName", "a:b c"));
        }

        @Test
        void decodes_multi_byte_utf8() {
            assertThat(TOPIC.match("/topics/caf%C3%A9")).contains(Map.of("topic", "café"));
        }

        @ParameterizedTest
        @CsvSource({"/topics/a+b, a+b", "/topics/a+b%2Fc, a+b/c", "/topics/sensors%2F+%2Ftemp, sensors/+/temp"})
        void keeps_a_plus_as_a_plus(String rawPath, String topic) {
            assertThat(TOPIC.match(rawPath)).contains(Map.of("topic", topic));
        }

        @Test
        void decodes_an_encoded_plus_to_a_plus() {
            assertThat(TOPIC.match("/topics/a%2Bb")).contains(Map.of("topic", "a+b"));
        }

        @Test
        void does_not_match_an_empty_label() {
            assertThat(UriTemplate.parse("/things/{thingName}/jobs").match("/things//jobs")).isEmpty();
        }

        @Test
        void rejects_an_invalid_escape() {
            assertThatThrownBy(() -> THING.match("/things/a%zz")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class GreedyLabels {
        @Test
        void take_the_rest_of_the_path_slashes_included() {
            assertThat(DESTINATION.match("/destinations/arn:aws:iot:eu-west-1:123456789012:ruledestination/http/a1"))
                    .contains(Map.of("arn", "arn:aws:iot:eu-west-1:123456789012:ruledestination/http/a1"));
        }

        @Test
        void decode_what_they_take() {
            assertThat(DESTINATION.match("/destinations/arn%3Aaws%3Aiot/http%2Fa1"))
                    .contains(Map.of("arn", "arn:aws:iot/http/a1"));
        }

        @Test
        void take_a_single_segment() {
            assertThat(DESTINATION.match("/destinations/d1")).contains(Map.of("arn", "d1"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/destinations", "/destinations/"})
        void need_at_least_one_segment(String rawPath) {
            assertThat(DESTINATION.match(rawPath)).isEmpty();
        }
    }

    @Nested
    class Literals {
        @ParameterizedTest
        @ValueSource(strings = {"/things/t1/jobs/$next", "/things/t1/jobs/%24next"})
        void match_whether_sent_raw_or_encoded(String rawPath) {
            assertThat(NEXT_JOB.match(rawPath)).contains(Map.of("thingName", "t1"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/things/t1/jobs/next", "/things/t1/jobs/$NEXT", "/things/t1/job/$next"})
        void must_be_equal(String rawPath) {
            assertThat(NEXT_JOB.match(rawPath)).isEmpty();
        }

        @Test
        void are_counted_for_specificity() {
            assertThat(UriTemplate.parse("/thing-groups/addThingToThingGroup").literalCount()).isEqualTo(2);
            assertThat(UriTemplate.parse("/thing-groups/{thingGroupName}").literalCount()).isEqualTo(1);
            assertThat(NEXT_JOB.literalCount()).isEqualTo(3);
        }

        @Test
        void a_path_can_match_both_a_literal_and_a_label_template() {
            String path = "/thing-groups/addThingToThingGroup";

            assertThat(UriTemplate.parse("/thing-groups/addThingToThingGroup").match(path)).contains(Map.of());
            assertThat(UriTemplate.parse("/thing-groups/{thingGroupName}").match(path))
                    .contains(Map.of("thingGroupName", "addThingToThingGroup"));
        }
    }

    @Nested
    class PathShape {
        @Test
        void tolerates_a_trailing_slash() {
            assertThat(THING.match("/things/t1/")).contains(Map.of("thingName", "t1"));
        }

        @Test
        void root_template_matches_root_path() {
            assertThat(UriTemplate.parse("/").match("/")).contains(Map.of());
        }

        @ParameterizedTest
        @ValueSource(strings = {"/things", "/things/t1/jobs", "/thing/t1", "/things/t1/x/"})
        void mismatches_in_segment_count_or_literal(String rawPath) {
            assertThat(THING.match(rawPath)).isEmpty();
        }

        @Test
        void ignores_the_query_part_of_a_model_uri() {
            UriTemplate withQuery = UriTemplate.parse("/things/{thingName}?expectedVersion={v}");

            assertThat(withQuery.match("/things/t1")).contains(Map.of("thingName", "t1"));
            assertThat(withQuery).hasToString("/things/{thingName}?expectedVersion={v}");
        }
    }

    @Nested
    class QueryLiterals {
        @Test
        void a_bare_name_must_be_present_with_any_value() {
            assertThat(UriTemplate.parse("/{Bucket}?versioning").queryLiterals()).isEqualTo(Map.of("versioning", ""));
        }

        @Test
        void a_name_with_a_value_must_have_that_value() {
            assertThat(UriTemplate.parse("/{Bucket}?list-type=2").queryLiterals()).isEqualTo(Map.of("list-type", "2"));
        }

        @Test
        void several_are_kept_in_order() {
            assertThat(UriTemplate.parse("/{Bucket}/{Key+}?select&select-type=2").queryLiterals())
                    .containsExactly(Map.entry("select", ""), Map.entry("select-type", "2"));
        }

        @Test
        void a_uri_without_a_query_has_none_and_its_path_still_matches() {
            UriTemplate object = UriTemplate.parse("/{Bucket}/{Key+}?uploads");

            assertThat(THING.queryLiterals()).isEmpty();
            assertThat(object.match("/b/dir/k")).contains(Map.of("Bucket", "b", "Key", "dir/k"));
        }

        @Test
        void labels_are_named_in_path_order() {
            assertThat(UriTemplate.parse("/{Bucket}/{Key+}?uploads").labels()).containsExactly("Bucket", "Key");
            assertThat(NEXT_JOB.labels()).containsExactly("thingName");
            assertThat(UriTemplate.parse("/").labels()).isEmpty();
        }
    }
}
