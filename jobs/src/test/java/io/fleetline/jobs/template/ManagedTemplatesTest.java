package io.fleetline.jobs.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The catalogue of AWS's managed job templates: what it holds, listing, describing, and the ARNs naming them. */
class ManagedTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManagedTemplates catalogue = ManagedTemplates.aws();

    private static void refused(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FleetlineException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void the_catalogue_holds_awss_seven_linux_templates_at_version_one() {
        assertThat(catalogue.all()).extracting(ManagedTemplate::label).containsExactly("AWS-Download-File:1.0",
                "AWS-Install-Application:1.0", "AWS-Reboot:1.0", "AWS-Remove-Application:1.0",
                "AWS-Restart-Application:1.0", "AWS-Start-Application:1.0", "AWS-Stop-Application:1.0");
        assertThat(catalogue.all()).allSatisfy(t -> {
            assertThat(t.environments()).containsExactly("LINUX");
            assertThat(t.description()).startsWith("A managed job template for ");
            assertThat(t.parameters()).extracting(DocumentParameter::key).endsWith("runAsUser", "pathToHandler");
            assertThat(JSON.readTree(t.document()).path("version").asText()).isEqualTo("1.0");
            assertThat(JSON.readTree(t.document()).path("steps").get(0).path("action").path("type").asText())
                    .isEqualTo("runHandler");
        });
    }

    @Test
    void each_template_runs_the_device_clients_sample_handler_with_its_required_parameters() throws Exception {
        assertHandler("AWS-Reboot", "reboot.sh", List.of());
        assertHandler("AWS-Download-File", "download-file.sh", List.of("downloadUrl", "filePath"));
        assertHandler("AWS-Install-Application", "install-packages.sh", List.of("packages"));
        assertHandler("AWS-Remove-Application", "remove-packages.sh", List.of("packages"));
        assertHandler("AWS-Start-Application", "start-services.sh", List.of("services"));
        assertHandler("AWS-Stop-Application", "stop-services.sh", List.of("services"));
        assertHandler("AWS-Restart-Application", "restart-services.sh", List.of("services"));
    }

    private void assertHandler(String name, String handler, List<String> required) throws Exception {
        ManagedTemplate template = catalogue.describe(name, Optional.empty());
        assertThat(JSON.readTree(template.document()).path("steps").get(0).path("action").path("input")
                .path("handler").asText()).isEqualTo(handler);
        assertThat(template.parameters()).filteredOn(p -> !p.optional()).extracting(DocumentParameter::key)
                .containsExactlyElementsOf(required);
    }

    @Test
    void the_download_file_template_is_the_one_awss_cli_guide_prints() {
        ManagedTemplate download = catalogue.describe("AWS-Download-File", Optional.of("1.0"));

        assertThat(download.document()).isEqualTo("{\"version\":\"1.0\",\"steps\":[{\"action\":{\"name\":"
                + "\"Download-File\",\"type\":\"runHandler\",\"input\":{\"handler\":\"download-file.sh\",\"args\":"
                + "[\"${aws:iot:parameter:downloadUrl}\",\"${aws:iot:parameter:filePath}\"],\"path\":"
                + "\"${aws:iot:parameter:pathToHandler}\"},\"runAsUser\":\"${aws:iot:parameter:runAsUser}\"}}]}");
        DocumentParameter url = download.parameters().get(0);
        assertThat(url.key()).isEqualTo("downloadUrl");
        assertThat(url.description()).isEqualTo("URL of file to download.");
        assertThat(url.regex().pattern()).isEqualTo("(.*?)");
        assertThat(url.example()).isEqualTo("http://www.example.com/index.html");
        assertThat(url.optional()).isFalse();
        assertThat(download.parameters().get(2).regex().pattern()).isEqualTo("(.){0,256}");
        assertThat(download.parameters().get(3).regex().pattern()).isEqualTo("(.){0,4096}");
    }

    @Test
    void list_pages_by_name_and_version_and_filters_by_name() {
        Page<ManagedTemplate> first = catalogue.list(Optional.empty(), PageRequest.of(3, null, 50));
        assertThat(first.items()).hasSize(3);
        Page<ManagedTemplate> rest = catalogue.list(Optional.empty(), PageRequest.of(50, first.nextToken().orElseThrow(), 50));
        assertThat(rest.items()).hasSize(4);
        assertThat(rest.nextToken()).isEmpty();

        assertThat(catalogue.list(Optional.of("AWS-Reboot"), PageRequest.of(null, null, 50)).items())
                .extracting(ManagedTemplate::label).containsExactly("AWS-Reboot:1.0");
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> catalogue.list(Optional.of("AWS-Nothing"), PageRequest.of(null, null, 50)));
    }

    @Test
    void describe_without_a_version_is_the_latest_and_an_unknown_name_or_version_is_not_found() {
        assertThat(catalogue.describe("AWS-Reboot", Optional.empty()).version()).isEqualTo("1.0");
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> catalogue.describe("AWS-Reboot", Optional.of("2.0")));
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> catalogue.describe("Reboot", Optional.empty()));
    }

    @Test
    void an_arn_without_an_account_names_a_managed_template_of_the_servers_region() {
        assertThat(catalogue.byArn("arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:1.0", "us-east-1"))
                .map(ManagedTemplate::label).contains("AWS-Reboot:1.0");
        assertThat(catalogue.byArn("arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot", "us-east-1"))
                .map(ManagedTemplate::label).contains("AWS-Reboot:1.0");
        // an account's own template
        assertThat(catalogue.byArn("arn:aws:iot:us-east-1:123456789012:jobtemplate/AWS-Reboot", "us-east-1")).isEmpty();

        refused(ErrorCode.INVALID_REQUEST, () -> catalogue.byArn("arn:aws:iot:eu-west-1::jobtemplate/AWS-Reboot:1.0",
                "us-east-1"));
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> catalogue.byArn("arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:9.9",
                "us-east-1"));
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> catalogue.byArn("arn:aws:iot:us-east-1::jobtemplate/AWS-Nope:1.0",
                "us-east-1"));
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> catalogue.byArn("arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:",
                "us-east-1"));
    }
}
