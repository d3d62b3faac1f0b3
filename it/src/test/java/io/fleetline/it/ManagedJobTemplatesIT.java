package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeManagedJobTemplateResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ManagedJobTemplateSummary;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;

/**
 * AWS's managed job templates from the real AWS CLIs (v2, and a pip v1 where there is one) and the SDK for Java v2:
 * listing and describing them, jobs created from them with {@code --document-parameters}, what the job keeps across a
 * restart, and what devices are sent.
 */
class ManagedJobTemplatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, String>> STRING_MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };
    private static final String REBOOT = "arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:1.0";
    private static final String DOWNLOAD = "arn:aws:iot:us-east-1::jobtemplate/AWS-Download-File:1.0";
    @TempDir
    Path dir;
    TestServer server;

    static Stream<AwsCli> clis() {
        return RegistryCliIT.clis();
    }

    @BeforeEach
    void start() {
        server = TestServer.start(Store.SQLITE, dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void list_and_describe_show_awss_templates_with_arns_of_the_servers_region(AwsCli aws) throws Exception {
        // the CLI v2.9 has no paginator for it (v1 has): follow nextToken by hand
        List<String> all = new ArrayList<>();
        JsonNode page = aws.run(server, "iot", "list-managed-job-templates", "--max-results", "3").json();
        page.path("managedJobTemplates").forEach(t -> all.add(t.path("templateName").asText()));
        while (page.has("nextToken")) {
            page = aws.run(server, "iot", "list-managed-job-templates", "--max-results", "3", "--next-token",
                    page.path("nextToken").asText()).json();
            page.path("managedJobTemplates").forEach(t -> all.add(t.path("templateName").asText()));
        }
        assertThat(all).containsExactlyInAnyOrder("AWS-Reboot",
                "AWS-Download-File", "AWS-Install-Application", "AWS-Remove-Application", "AWS-Start-Application",
                "AWS-Stop-Application", "AWS-Restart-Application");
        JsonNode reboot = aws.run(server, "iot", "list-managed-job-templates", "--template-name", "AWS-Reboot").json()
                .path("managedJobTemplates");
        assertThat(reboot).hasSize(1);
        assertThat(reboot.get(0).toString()).isEqualTo("{\"templateArn\":\"" + REBOOT + "\",\"templateName\":"
                + "\"AWS-Reboot\",\"description\":\"A managed job template for rebooting the device.\","
                + "\"environments\":[\"LINUX\"],\"templateVersion\":\"1.0\"}");

        JsonNode download = aws.run(server, "iot", "describe-managed-job-template", "--template-name",
                "AWS-Download-File", "--template-version", "1.0").json();
        assertThat(download.path("templateArn").asText()).isEqualTo(DOWNLOAD);
        assertThat(download.path("documentParameters")).extracting(p -> p.path("key").asText())
                .containsExactly("downloadUrl", "filePath", "runAsUser", "pathToHandler");
        assertThat(download.path("documentParameters").get(0).toString()).isEqualTo("{\"key\":\"downloadUrl\","
                + "\"description\":\"URL of file to download.\",\"regex\":\"(.*?)\",\"example\":"
                + "\"http://www.example.com/index.html\",\"optional\":false}");
        assertThat(JSON.readTree(download.path("document").asText()).path("steps").get(0).path("action")
                .path("input").path("handler").asText()).isEqualTo("download-file.sh");

        assertThat(aws.run(server, "iot", "describe-managed-job-template", "--template-name", "AWS-Reboot",
                "--template-version", "2.0").errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(aws.run(server, "iot", "describe-managed-job-template", "--template-name", "AWS-Nothing")
                .errorCode()).isEqualTo("ResourceNotFoundException");
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void jobs_from_managed_templates_get_the_substituted_document_and_keep_it_across_a_restart(AwsCli aws)
            throws Exception {
        String thing = aws.run(server, "iot", "create-thing", "--thing-name", "pi-1").json().path("thingArn").asText();
        JsonNode created = aws.run(server, "iot", "create-job", "--job-id", "reboot-1", "--targets", thing,
                "--job-template-arn", REBOOT).json();
        assertThat(created.path("description").asText()).isEqualTo("A managed job template for rebooting the device.");
        assertThat(aws.run(server, "iot", "get-job-document", "--job-id", "reboot-1").json().path("document").asText())
                .isEqualTo("{\"version\":\"1.0\",\"steps\":[{\"action\":{\"name\":\"Reboot\",\"type\":\"runHandler\","
                        + "\"input\":{\"handler\":\"reboot.sh\",\"path\":\"\"},\"runAsUser\":\"\"}}]}");

        assertThat(aws.run(server, "iot", "create-job", "--job-id", "download-1", "--targets", thing,
                "--job-template-arn", DOWNLOAD, "--document-parameters",
                "downloadUrl=https://example.com/fw-2.bin,filePath=/tmp/fw-2.bin,runAsUser=pi").ok()).isTrue();
        String expected = "{\"version\":\"1.0\",\"steps\":[{\"action\":{\"name\":\"Download-File\",\"type\":"
                + "\"runHandler\",\"input\":{\"handler\":\"download-file.sh\",\"args\":[\"https://example.com/fw-2.bin\","
                + "\"/tmp/fw-2.bin\"],\"path\":\"\"},\"runAsUser\":\"pi\"}}]}";
        assertThat(aws.run(server, "iot", "get-job-document", "--job-id", "download-1").json().path("document")
                .asText()).isEqualTo(expected);
        server.tickJobs();
        try (IotJobsDataPlaneClient device = Sdk.jobsData(server)) {
            assertThat(device.describeJobExecution(r -> r.thingName("pi-1").jobId("download-1")).execution()
                    .jobDocument()).isEqualTo(expected);
        }

        server = server.restart();
        JsonNode job = aws.run(server, "iot", "describe-job", "--job-id", "download-1").json().path("job");
        assertThat(job.path("jobTemplateArn").asText()).isEqualTo(DOWNLOAD);
        assertThat(JSON.convertValue(job.path("documentParameters"), STRING_MAP)).isEqualTo(Map.of(
                "downloadUrl", "https://example.com/fw-2.bin", "filePath", "/tmp/fw-2.bin", "runAsUser", "pi"));
        assertThat(aws.run(server, "iot", "get-job-document", "--job-id", "download-1").json().path("document")
                .asText()).isEqualTo(expected);

        // a custom template from such a job takes its document as the job has it
        assertThat(aws.run(server, "iot", "create-job-template", "--job-template-id", "my-download",
                "--description", "mine", "--job-arn", job.path("jobArn").asText()).ok()).isTrue();
        assertThat(aws.run(server, "iot", "describe-job-template", "--job-template-id", "my-download").json()
                .path("document").asText()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    void bad_parameters_and_arns_are_refused_with_awss_error_types(AwsCli aws) {
        String thing = aws.run(server, "iot", "create-thing", "--thing-name", "pi-2").json().path("thingArn").asText();
        assertThat(refusal(aws, thing, DOWNLOAD, "downloadUrl=https://example.com/a"))
                .as("filePath is required").isEqualTo("InvalidRequestException");
        assertThat(refusal(aws, thing, REBOOT, "command=reboot")).as("no such parameter")
                .isEqualTo("InvalidRequestException");
        assertThat(refusal(aws, thing, REBOOT, "runAsUser=" + "u".repeat(257))).as("past (.){0,256}")
                .isEqualTo("InvalidRequestException");
        assertThat(refusal(aws, thing, "arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:7.0", null))
                .isEqualTo("ResourceNotFoundException");
        assertThat(refusal(aws, thing, "arn:aws:iot:eu-west-1::jobtemplate/AWS-Reboot:1.0", null))
                .isEqualTo("InvalidRequestException");
        assertThat(aws.run(server, "iot", "create-job", "--job-id", "plain", "--targets", thing, "--document", "{}",
                "--document-parameters", "runAsUser=pi").errorCode()).as("documentParameters without a managed template")
                .isEqualTo("InvalidRequestException");
        assertThat(aws.run(server, "iot", "create-job", "--job-id", "both", "--targets", thing, "--document", "{}",
                "--job-template-arn", REBOOT).errorCode()).as("a document beside a managed template")
                .isEqualTo("InvalidRequestException");
        assertThat(aws.run(server, "iot", "list-jobs").json().path("jobs")).isEmpty();
    }

    private String refusal(AwsCli aws, String thing, String templateArn, String parameters) {
        return (parameters == null
                ? aws.run(server, "iot", "create-job", "--job-id", "refused", "--targets", thing, "--job-template-arn",
                        templateArn)
                : aws.run(server, "iot", "create-job", "--job-id", "refused", "--targets", thing, "--job-template-arn",
                        templateArn, "--document-parameters", parameters)).errorCode();
    }

    @Test
    void the_sdk_for_java_lists_describes_and_creates_jobs_from_managed_templates() {
        try (IotClient iot = Sdk.iot(server)) {
            assertThat(iot.listManagedJobTemplatesPaginator(r -> r.maxResults(3)).managedJobTemplates().stream()
                    .map(ManagedJobTemplateSummary::templateArn)).hasSize(7).contains(REBOOT, DOWNLOAD);
            DescribeManagedJobTemplateResponse restart = iot.describeManagedJobTemplate(r -> r
                    .templateName("AWS-Restart-Application"));
            assertThat(restart.templateVersion()).isEqualTo("1.0");
            assertThat(restart.documentParameters().get(0).key()).isEqualTo("services");
            assertThat(restart.documentParameters().get(0).optional()).isFalse();

            String thing = iot.createThing(r -> r.thingName("gw-1")).thingArn();
            iot.createJob(r -> r.jobId("restart-1").targets(thing).jobTemplateArn(restart.templateArn())
                    .documentParameters(Map.of("services", "nginx mosquitto")));
            assertThat(iot.getJobDocument(r -> r.jobId("restart-1")).document())
                    .contains("\"handler\":\"restart-services.sh\",\"args\":[\"nginx mosquitto\"]");
            assertThat(iot.describeJob(r -> r.jobId("restart-1")).job().documentParameters())
                    .isEqualTo(Map.of("services", "nginx mosquitto"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> iot.createJob(r -> r.jobId("restart-2")
                    .targets(thing).jobTemplateArn(restart.templateArn()))).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("services");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> iot.describeManagedJobTemplate(r -> r
                    .templateName("AWS-Reboot").templateVersion("3.0"))).isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
