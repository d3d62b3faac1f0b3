package io.fleetline.protocol.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShadowTopicTest {
    @Test
    void classic_and_named_request_topics_name_their_shadow_and_operation() {
        assertThat(ShadowTopic.parse("$aws/things/lamp/shadow/update"))
                .contains(new ShadowTopic("lamp", Optional.empty(), ShadowTopic.Operation.UPDATE));
        assertThat(ShadowTopic.parse("$aws/things/lamp/shadow/name/cfg/delete"))
                .contains(new ShadowTopic("lamp", Optional.of("cfg"), ShadowTopic.Operation.DELETE));
    }

    @Test
    void answers_go_to_the_requests_topic_and_the_shadows_delta_and_documents() {
        ShadowTopic get = ShadowTopic.parse("$aws/things/lamp/shadow/name/cfg/get").orElseThrow();

        assertThat(get.accepted()).isEqualTo("$aws/things/lamp/shadow/name/cfg/get/accepted");
        assertThat(get.rejected()).isEqualTo("$aws/things/lamp/shadow/name/cfg/get/rejected");
        assertThat(get.delta()).isEqualTo("$aws/things/lamp/shadow/name/cfg/update/delta");
        assertThat(ShadowTopic.parse("$aws/things/lamp/shadow/update").orElseThrow().documents())
                .isEqualTo("$aws/things/lamp/shadow/update/documents");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$aws/things/lamp/shadow/update/accepted", "$aws/things/lamp/shadow/update/delta",
        "$aws/things/lamp/shadow/name/cfg/get/rejected", "$aws/things/lamp/shadow/name//get",
        "$aws/things/lamp/shadow/name/cfg", "$aws/things/lamp/shadow/list", "$aws/things//shadow/get",
        "$aws/things/lamp/jobs/get", "things/lamp/shadow/get", "$aws/things/lamp/shadow/"})
    void the_services_own_answer_topics_and_other_topics_are_no_requests(String topic) {
        assertThat(ShadowTopic.parse(topic)).isEmpty();
    }
}
