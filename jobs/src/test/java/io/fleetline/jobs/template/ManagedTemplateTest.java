package io.fleetline.jobs.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Filling a managed template's document from CreateJob's documentParameters, and what is refused. */
class ManagedTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManagedTemplate download = ManagedTemplates.aws().describe("AWS-Download-File", Optional.empty());
    private final ManagedTemplate reboot = ManagedTemplates.aws().describe("AWS-Reboot", Optional.of("1.0"));

    private static void refused(String messagePart, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FleetlineException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    @Test
    void every_placeholder_takes_its_value_and_the_document_stays_as_the_template_wrote_it() throws Exception {
        String document = download.documentFor(Map.of("downloadUrl", "https://example.com/fw.bin",
                "filePath", "/tmp/fw.bin", "runAsUser", "pi", "pathToHandler", "/opt/handlers"));

        assertThat(document).isEqualTo("{\"version\":\"1.0\",\"steps\":[{\"action\":{\"name\":\"Download-File\","
                + "\"type\":\"runHandler\",\"input\":{\"handler\":\"download-file.sh\",\"args\":"
                + "[\"https://example.com/fw.bin\",\"/tmp/fw.bin\"],\"path\":\"/opt/handlers\"},\"runAsUser\":\"pi\"}}]}");
    }

    @Test
    void optional_parameters_left_out_become_empty_strings_which_the_device_client_reads_as_unset() throws Exception {
        JsonNode action = JSON.readTree(reboot.documentFor(Map.of())).path("steps").get(0).path("action");

        assertThat(action.path("input").path("handler").asText()).isEqualTo("reboot.sh");
        assertThat(action.path("input").path("path").isTextual()).isTrue();
        assertThat(action.path("input").path("path").asText()).isEmpty();
        assertThat(action.path("runAsUser").asText()).isEmpty();
        assertThat(reboot.documentFor(Map.of())).doesNotContain("${");
    }

    @Test
    void values_are_json_escaped_so_quotes_and_backslashes_keep_the_document_json() throws Exception {
        String nasty = "a\"b\\c\",\"injected\":\"x";
        JsonNode args = JSON.readTree(download.documentFor(Map.of("downloadUrl", nasty, "filePath", "/tmp/ünï")))
                .path("steps").get(0).path("action").path("input").path("args");

        assertThat(args).hasSize(2);
        assertThat(args.get(0).asText()).isEqualTo(nasty);
        assertThat(args.get(1).asText()).isEqualTo("/tmp/ünï");
    }

    @Test
    void a_value_that_looks_like_a_placeholder_is_put_in_as_it_is_not_substituted_again() {
        String document = download.documentFor(Map.of("downloadUrl", "${aws:iot:parameter:filePath}",
                "filePath", "/tmp/f"));

        assertThat(document).contains("\"args\":[\"${aws:iot:parameter:filePath}\",\"/tmp/f\"]");
    }

    @Test
    void a_required_parameter_left_out_is_refused_naming_it() {
        refused("needs documentParameters filePath", () -> download.documentFor(Map.of("downloadUrl", "https://x")));
        refused("downloadUrl, filePath", () -> download.documentFor(Map.of()));
        refused("packages", () -> ManagedTemplates.aws().describe("AWS-Install-Application", Optional.empty())
                .documentFor(Map.of("runAsUser", "root")));
    }

    @Test
    void a_key_the_template_does_not_take_is_refused_naming_it() {
        refused("has no parameter command", () -> reboot.documentFor(Map.of("command", "rm -rf /")));
        refused("runAsUser, pathToHandler", () -> reboot.documentFor(Map.of("RunAsUser", "root")));
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            many.put("k" + (1_000 + i), "v");
        }
        assertThatThrownBy(() -> reboot.documentFor(many)).hasMessageContaining("k1000, k1001, k1002, k1003, k1004 and"
                + " 995 more").hasMessageNotContaining("k1005");
    }

    @Test
    void a_value_outside_its_parameters_pattern_is_refused() {
        refused("documentParameters.runAsUser does not match (.){0,256}",
                () -> reboot.documentFor(Map.of("runAsUser", "u".repeat(257))));
        assertThat(reboot.documentFor(Map.of("runAsUser", "u".repeat(256)))).contains("u".repeat(256));
        refused("pathToHandler", () -> reboot.documentFor(Map.of("pathToHandler", "/".repeat(4097))));
    }

    @Test
    void values_are_bounded_by_the_models_parameter_value_length_before_any_pattern() {
        refused("1 to 30720 characters", () -> download.documentFor(Map.of("downloadUrl", "",
                "filePath", "/tmp/f")));
        refused("it is 30721", () -> download.documentFor(Map.of("downloadUrl", "x".repeat(30_721),
                "filePath", "/tmp/f")));
        // the largest value is matched against the lazy (.*?) without trouble
        assertThat(download.documentFor(Map.of("downloadUrl", "x".repeat(30_720), "filePath", "/tmp/f")))
                .hasSizeGreaterThan(30_720);
    }

    @Test
    void a_managed_templates_arn_has_no_account_and_ends_with_the_version() {
        assertThat(reboot.arn("eu-west-1")).isEqualTo("arn:aws:iot:eu-west-1::jobtemplate/AWS-Reboot:1.0");
        assertThat(reboot.label()).isEqualTo("AWS-Reboot:1.0");
    }
}
