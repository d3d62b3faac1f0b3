package io.fleetline.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.device.DeviceJobs;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobFilter;
import io.fleetline.jobs.job.NewJob;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Jobs made from AWS's managed templates: what the store keeps of them, and what their devices are sent. */
abstract class ManagedTemplateJobContract extends JobsFixture {
    static final String DOWNLOAD = "arn:aws:iot:us-east-1::jobtemplate/AWS-Download-File:1.0";
    static final String FILLED = "{\"version\":\"1.0\",\"steps\":[{\"action\":{\"name\":\"Download-File\",\"type\":"
            + "\"runHandler\",\"input\":{\"handler\":\"download-file.sh\",\"args\":[\"https://example.com/fw.bin\","
            + "\"/var/fw.bin\"],\"path\":\"/opt/jobs\"},\"runAsUser\":\"\"}}]}";

    @Test
    void a_job_from_a_managed_template_keeps_its_template_parameters_and_filled_document_across_a_restart() {
        String thing = things("pi", 1).get(0);
        Map<String, String> parameters = Map.of("downloadUrl", "https://example.com/fw.bin", "filePath", "/var/fw.bin",
                "pathToHandler", "/opt/jobs");
        jobs.jobs().create(NewJob.builder("download", List.of(thingArn(thing)))
                .jobTemplateArn("arn:aws:iot:us-east-1::jobtemplate/AWS-Download-File").documentParameters(parameters)
                .inProgressTimeoutMinutes(30).build());
        restart();

        Job job = jobs.jobs().describe("download");
        assertThat(job.jobTemplateArn()).as("the version the ARN left out is the one used").contains(DOWNLOAD);
        assertThat(job.documentParameters()).isEqualTo(parameters);
        assertThat(job.document()).isEqualTo(FILLED);
        assertThat(job.documentSource()).isEmpty();
        assertThat(job.description()).contains("A managed job template for downloading a file.");
        assertThat(job.config().inProgressTimeoutMinutes()).contains(30L);
        tick();
        DeviceJobs.Execution next = jobs.device().startNext(thing, Optional.empty(), Optional.empty()).orElseThrow();
        assertThat(next.document().text()).isEqualTo(FILLED);
    }

    @Test
    void document_parameters_go_with_managed_templates_only_and_nothing_is_kept_of_a_refused_job() {
        String thing = things("pi", 1).get(0);
        jobs.templates().create("mine", "custom", Optional.of("{\"op\":\"${aws:iot:parameter:x}\"}"), Optional.empty(),
                Optional.empty(), NO_CONFIG, Map.of());
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(NewJob.builder("custom", List.of(thingArn(thing)))
                .jobTemplateArn(SCOPE.arn(io.fleetline.core.arn.ResourceType.JOB_TEMPLATE, "mine"))
                .documentParameters(Map.of("x", "1")).build()));
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(NewJob.builder("plain", List.of(thingArn(thing)))
                .document("{}").documentParameters(Map.of("x", "1")).build()));
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(NewJob.builder("both", List.of(thingArn(thing)))
                .document("{}").jobTemplateArn(DOWNLOAD).build()));
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(NewJob.builder("missing", List.of(thingArn(thing)))
                .jobTemplateArn(DOWNLOAD).documentParameters(Map.of("downloadUrl", "https://x")).build()));
        refused(ErrorCode.RESOURCE_NOT_FOUND, () -> jobs.jobs().create(NewJob.builder("v9", List.of(thingArn(thing)))
                .jobTemplateArn("arn:aws:iot:us-east-1::jobtemplate/AWS-Reboot:9.0").build()));
        // a filled document is held to a job document's 32 KB like any other
        refused(ErrorCode.INVALID_REQUEST, () -> jobs.jobs().create(NewJob.builder("big", List.of(thingArn(thing)))
                .jobTemplateArn(DOWNLOAD).documentParameters(Map.of("downloadUrl", "u".repeat(30_000),
                        "filePath", "f".repeat(3_000))).build()));

        assertThat(jobs.jobs().list(new JobFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()), PageRequest.of(50, null, 50)).items()).isEmpty();
    }

    private static void refused(ErrorCode code, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FleetlineException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
