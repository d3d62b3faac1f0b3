package io.fleetline.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A label value that is not what its label is for collapses to "other": series stay bounded whatever comes in. */
class LabelsTest {
    @Test
    void actions_and_words_pass_as_they_are() {
        assertThat(Labels.action("iot:Publish")).isEqualTo("iot:Publish");
        assertThat(Labels.action("iotjobsdata:DescribeJobExecution")).isEqualTo("iotjobsdata:DescribeJobExecution");
        assertThat(Labels.word("CLIENT_INITIATED_DISCONNECT")).isEqualTo("CLIENT_INITIATED_DISCONNECT");
        assertThat(Labels.word("CreateThing")).isEqualTo("CreateThing");
    }

    @Test
    void anything_else_is_other() {
        assertThat(Labels.action("iot:Publish arn:aws:iot:us-east-1:1:topic/a")).isEqualTo(Labels.OTHER);
        assertThat(Labels.action("")).isEqualTo(Labels.OTHER);
        assertThat(Labels.word("a/b")).isEqualTo(Labels.OTHER);
        assertThat(Labels.word("x".repeat(65))).isEqualTo(Labels.OTHER);
        assertThat(Labels.word("")).isEqualTo(Labels.OTHER);
    }
}
