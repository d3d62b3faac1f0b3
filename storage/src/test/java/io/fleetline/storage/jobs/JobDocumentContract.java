package io.fleetline.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.core.bus.DeviceMessage;
import io.fleetline.core.bus.DeviceMessageHandler;
import io.fleetline.core.bus.MessageBus;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.jobs.device.DeviceJobs;
import io.fleetline.jobs.device.DeviceUpdate;
import io.fleetline.jobs.document.JobObjectStore;
import io.fleetline.jobs.execution.ExecutionStatus;
import io.fleetline.jobs.job.Job;
import io.fleetline.jobs.job.JobConfig;
import io.fleetline.jobs.job.JobConfigPatch;
import io.fleetline.jobs.job.NewJob;
import io.fleetline.storage.Database;
import io.fleetline.storage.blobs.JdbcBlobMetadataStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job documents and the object store: documents read from an S3 URL when a job or template is created, and the
 * presigned URLs that replace placeholders in what devices get, over the account's embedded object store (its metadata
 * in the same database, its bytes in a temporary directory).
 */
abstract class JobDocumentContract extends JobsFixture {
    static final String BUCKET = "my-iot-firmware";
    static final String ENDPOINT = "https://fleetline.test:8443";
    static final String PLACEHOLDER = "${aws:iot:s3-presigned-url:https://s3.amazonaws.com/my-iot-firmware/fw/v2.bin}";
    private static final Pattern URL = Pattern.compile(
            Pattern.quote(ENDPOINT) + "/([^?\"]+)\\?[^\"]*X-Amz-Date=(\\w+)&X-Amz-Expires=(\\d+)[^\"]*");

    @TempDir
    Path contentDir;
    BlobStore store;
    final List<String[]> published = new CopyOnWriteArrayList<>();

    @Override
    MessageBus bus() {
        return new MessageBus() {
            @Override
            public void publish(String topic, byte[] payload, int qos, boolean retain) {
                published.add(new String[] {topic, new String(payload, StandardCharsets.UTF_8)});
            }

            @Override
            public void reply(DeviceMessage request, String topic, byte[] payload, int qos) {
                // the suite calls the device API directly: nothing to answer
            }

            @Override
            public void onDeviceMessage(String topicPrefix, DeviceMessageHandler handler) {
                // the suite calls the device API directly
            }
        };
    }

    @Override
    JobObjectStore objects(Database opened) {
        Blobs blobs = Blobs.open(new JdbcBlobMetadataStore(opened), FileContentStore.open(contentDir.resolve("blobs")),
                SCOPE, clock);
        store = blobs.asBlobStore();
        store.createBucket(BucketName.of(BUCKET));
        return JobObjectStore.over(store, new ClockedDownloadUrls(() -> ENDPOINT, clock),
                url -> url.getHost().equals("fleetline.test") && url.getPort() == 8080);
    }

    void put(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        store.put(BucketName.of(BUCKET), ObjectKey.of(key), new ByteArrayInputStream(bytes), bytes.length,
                Optional.of("application/json"), Map.of());
    }

    Job create(String jobId, String thing, Optional<String> document, Optional<String> source, JobConfigPatch config) {
        return jobs.jobs().create(new NewJob(jobId, List.of(thingArn(thing)), document, source, Optional.empty(),
                Optional.empty(), config, Map.of(), Optional.empty(), Optional.empty(), Map.of()));
    }

    static void refused(String why, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FleetlineException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).contains(why);
        });
    }

    /** The presigned URLs in a document a device got: the object's path, the signing time, the expiry in seconds. */
    static List<String> urls(String document) {
        Matcher matcher = URL.matcher(document);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1) + " " + matcher.group(2) + " " + matcher.group(3));
        }
        return found;
    }

    @Test
    void create_job_reads_its_document_once_from_each_form_of_s3_url() throws Exception {
        String thing = things("t", 1).get(0);
        put("jobs/ota-job-document.json", "{\"operation\":\"ota\",\"version\":\"2.1.0\"}");
        List<String> sources = List.of("https://s3.amazonaws.com/my-iot-firmware/jobs/ota-job-document.json",
                "https://s3.us-east-1.amazonaws.com/my-iot-firmware/jobs/ota-job-document.json",
                "https://my-iot-firmware.s3.amazonaws.com/jobs/ota-job-document.json",
                "https://my-iot-firmware.s3.eu-west-1.amazonaws.com/jobs/ota-job-document.json",
                "http://fleetline.test:8080/my-iot-firmware/jobs/ota-job-document.json");
        for (int i = 0; i < sources.size(); i++) {
            create("from-s3-" + i, thing, Optional.empty(), Optional.of(sources.get(i)), NO_CONFIG);
        }
        put("jobs/ota-job-document.json", "{\"operation\":\"changed later\"}");
        restart();

        for (int i = 0; i < sources.size(); i++) {
            assertThat(jobs.jobs().document("from-s3-" + i)).isEqualTo("{\"operation\":\"ota\",\"version\":\"2.1.0\"}");
            assertThat(jobs.jobs().describe("from-s3-" + i).documentSource()).contains(sources.get(i));
        }
        assertThat(jobs.jobs().describe("from-s3-0").document()).contains("2.1.0");
        tick();
        DeviceJobs.Execution next = jobs.device().startNext(thing, Optional.empty(), Optional.empty()).orElseThrow();
        assertThat(next.document().text()).isEqualTo("{\"operation\":\"ota\",\"version\":\"2.1.0\"}");
    }

    @Test
    void a_source_that_cannot_be_read_is_an_invalid_request_naming_it() throws Exception {
        String thing = things("t", 1).get(0);
        String missing = "https://s3.amazonaws.com/my-iot-firmware/jobs/missing.json";
        refused(missing, () -> create("missing", thing, Optional.empty(), Optional.of(missing), NO_CONFIG));
        refused("NoSuchKey", () -> create("missing", thing, Optional.empty(), Optional.of(missing), NO_CONFIG));
        refused("NoSuchBucket", () -> create("no-bucket", thing, Optional.empty(),
                Optional.of("https://other-bucket.s3.amazonaws.com/doc.json"), NO_CONFIG));
        put("big.json", "{\"x\":\"" + "y".repeat(32_800) + "\"}");
        refused("at most 32768", () -> create("big", thing, Optional.empty(),
                Optional.of("https://s3.amazonaws.com/my-iot-firmware/big.json"), NO_CONFIG));
        put("text.json", "not json");
        refused("not valid JSON", () -> create("text", thing, Optional.empty(),
                Optional.of("https://s3.amazonaws.com/my-iot-firmware/text.json"), NO_CONFIG));
        refused("host is neither S3's", () -> create("elsewhere", thing, Optional.empty(),
                Optional.of("https://example.com/my-iot-firmware/text.json"), NO_CONFIG));
        refused("either document or documentSource", () -> create("both", thing, Optional.of("{}"),
                Optional.of(missing), NO_CONFIG));
        assertThat(jobs.jobs().list(new io.fleetline.jobs.job.JobFilter(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), io.fleetline.core.page.PageRequest.of(50, null, 50)).items())
                .as("nothing was created").isEmpty();
    }

    @Test
    void devices_get_urls_presigned_at_each_read_that_live_as_long_as_the_job_says() throws Exception {
        String thing = things("t", 1).get(0);
        String document = "{\"files\":[{\"url\":\"" + PLACEHOLDER + "\"},{\"url\":\"${aws:iot:s3-presigned-url-v2:"
                + "https://my-iot-firmware.s3.us-east-1.amazonaws.com/fw/signature%20v2.sig}\"}]}";
        create("ota", thing, Optional.of(document), Optional.empty(),
                NO_CONFIG.withPresignedUrl(new JobConfig.PresignedUrl(Optional.of("arn:aws:iam::123456789012:role/ota"),
                        Optional.of(600L))));
        tick();

        String started = jobs.device().startNext(thing, Optional.empty(), Optional.empty()).orElseThrow()
                .document().text();
        assertThat(urls(started)).containsExactly("my-iot-firmware/fw/v2.bin 20260601T120000Z 600",
                "my-iot-firmware/fw/signature%20v2.sig 20260601T120000Z 600");
        assertThat(started).doesNotContain("${aws:iot");
        assertThat(JSON.readTree(started).path("files").get(0).path("url").asText()).startsWith(ENDPOINT);

        advance(Duration.ofMinutes(15));
        String later = jobs.device().describe(thing, DeviceJobs.NEXT, Optional.empty()).orElseThrow().document().text();
        assertThat(urls(later)).first().isEqualTo("my-iot-firmware/fw/v2.bin 20260601T121500Z 600");
        String updated = jobs.device().update(thing, "ota", new DeviceUpdate(ExecutionStatus.IN_PROGRESS,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())).document().text();
        assertThat(urls(updated)).hasSize(2);

        assertThat(jobs.jobs().document("ota")).as("GetJobDocument answers the document as stored").isEqualTo(document);
    }

    @Test
    void a_managed_templates_download_url_may_be_a_presigned_url_placeholder_that_devices_get_signed() {
        String thing = things("t", 1).get(0);
        Map<String, String> parameters = Map.of("downloadUrl", PLACEHOLDER, "filePath", "/tmp/fw.bin");
        NewJob.Builder job = NewJob.builder("download", List.of(thingArn(thing)))
                .jobTemplateArn("arn:aws:iot:us-east-1::jobtemplate/AWS-Download-File:1.0").documentParameters(parameters);
        refused("presignedUrlConfig", () -> jobs.jobs().create(job.build()));
        jobs.jobs().create(job.presignedUrl(new JobConfig.PresignedUrl(Optional.of("arn:aws:iam::123456789012:role/ota"),
                Optional.of(600L))).build());
        tick();

        String started = jobs.device().startNext(thing, Optional.empty(), Optional.empty()).orElseThrow()
                .document().text();
        assertThat(urls(started)).containsExactly("my-iot-firmware/fw/v2.bin 20260601T120000Z 600");
        assertThat(jobs.jobs().document("download")).contains("\"args\":[\"" + PLACEHOLDER + "\",\"/tmp/fw.bin\"]");
    }

    @Test
    void the_expiry_is_an_hour_by_default_and_follows_update_job_in_notifications() throws Exception {
        List<String> things = things("t", 2);
        create("first", things.get(1), Optional.of("{}"), Optional.empty(), NO_CONFIG);
        tick();
        advance(Duration.ofSeconds(1));
        jobs.jobs().create(new NewJob("ota", things.stream().map(JobsFixture::thingArn).toList(),
                Optional.of("{\"url\":\"" + PLACEHOLDER + "\"}"), Optional.empty(), Optional.empty(), Optional.empty(),
                NO_CONFIG.withPresignedUrl(new JobConfig.PresignedUrl(Optional.of("arn:aws:iam::123456789012:role/ota"),
                        Optional.empty())),
                Map.of(), Optional.empty(), Optional.empty(), Map.of()));
        tick();
        assertThat(urls(notifiedDocument(things.get(0)))).containsExactly("my-iot-firmware/fw/v2.bin 20260601T120001Z 3600");

        jobs.jobs().update("ota", Optional.empty(), NO_CONFIG.withPresignedUrl(JobConfig.PresignedUrl.expiringIn(120)));
        advance(Duration.ofSeconds(30));
        published.clear();
        report(things.get(1), "first", ExecutionStatus.SUCCEEDED);
        assertThat(urls(notifiedDocument(things.get(1)))).containsExactly("my-iot-firmware/fw/v2.bin 20260601T120031Z 120");
    }

    private String notifiedDocument(String thing) throws Exception {
        String payload = published.stream().filter(p -> p[0].equals("$aws/things/" + thing + "/jobs/notify-next"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no notify-next to " + thing))[1];
        JsonNode execution = JSON.readTree(payload).path("execution");
        assertThat(execution.path("jobId").asText()).isEqualTo("ota");
        return execution.path("jobDocument").toString();
    }

    @Test
    void a_placeholder_needs_a_presigned_url_config_and_an_s3_url() throws Exception {
        String thing = things("t", 1).get(0);
        String document = "{\"url\":\"" + PLACEHOLDER + "\"}";
        refused("no presignedUrlConfig", () -> create("no-config", thing, Optional.of(document), Optional.empty(), NO_CONFIG));
        put("jobs/with-placeholder.json", document);
        refused("no presignedUrlConfig", () -> create("no-config", thing, Optional.empty(),
                Optional.of("https://s3.amazonaws.com/my-iot-firmware/jobs/with-placeholder.json"), NO_CONFIG));
        refused("host is neither S3's", () -> create("bad-url", thing,
                Optional.of("{\"url\":\"${aws:iot:s3-presigned-url:https://example.com/b-1/fw.bin}\"}"), Optional.empty(),
                NO_CONFIG.withPresignedUrl(JobConfig.PresignedUrl.expiringIn(60))));
        refused("expiresInSec must be 60-3600", () -> create("short", thing, Optional.of(document), Optional.empty(),
                NO_CONFIG.withPresignedUrl(JobConfig.PresignedUrl.expiringIn(59))));
        refused("expiresInSec must be 60-3600", () -> create("long", thing, Optional.of(document), Optional.empty(),
                NO_CONFIG.withPresignedUrl(JobConfig.PresignedUrl.expiringIn(3601))));

        String ten = "[\"" + String.join("\",\"", java.util.Collections.nCopies(10, PLACEHOLDER)) + "\"]";
        create("ten", thing, Optional.of(ten), Optional.empty(), NO_CONFIG.withPresignedUrl(JobConfig.PresignedUrl.expiringIn(60)));
        refused("at most 10", () -> create("eleven", thing, Optional.of(ten.replace("]", ",\"" + PLACEHOLDER + "\"]")),
                Optional.empty(), NO_CONFIG.withPresignedUrl(JobConfig.PresignedUrl.expiringIn(60))));

        Job job = create("ok", thing, Optional.empty(),
                Optional.of("https://s3.amazonaws.com/my-iot-firmware/jobs/with-placeholder.json"),
                NO_CONFIG.withPresignedUrl(JobConfig.PresignedUrl.expiringIn(60)));
        assertThat(job.document()).isEqualTo(document);
    }

    @Test
    void a_template_reads_its_document_from_s3_and_its_jobs_bring_the_presigned_url_config() throws Exception {
        String thing = things("t", 1).get(0);
        String source = "https://my-iot-firmware.s3.amazonaws.com/jobs/template.json";
        put("jobs/template.json", "{\"url\":\"" + PLACEHOLDER + "\"}");
        jobs.templates().create("ota", "firmware", Optional.empty(), Optional.of(source), Optional.empty(),
                NO_CONFIG, Map.of());
        assertThat(jobs.templates().describe("ota").documentSource()).contains(source);
        assertThat(jobs.templates().describe("ota").document()).contains(PLACEHOLDER);
        String template = jobs.templates().arnOf("ota");

        refused("no presignedUrlConfig", () -> jobs.jobs().create(new NewJob("bare", List.of(thingArn(thing)),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), NO_CONFIG,
                Map.of(), Optional.empty(), Optional.of(template), Map.of())));
        Job job = jobs.jobs().create(new NewJob("from-template", List.of(thingArn(thing)), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(),
                NO_CONFIG.withPresignedUrl(JobConfig.PresignedUrl.expiringIn(300)), Map.of(), Optional.empty(),
                Optional.of(template), Map.of()));
        assertThat(job.documentSource()).contains(source);
        tick();
        assertThat(urls(jobs.device().startNext(thing, Optional.empty(), Optional.empty()).orElseThrow().document()
                .text())).containsExactly("my-iot-firmware/fw/v2.bin 20260601T120000Z 300");
        refused(missing(), () -> jobs.templates().create("gone", "missing", Optional.empty(), Optional.of(missing()),
                Optional.empty(), NO_CONFIG, Map.of()));
    }

    private static String missing() {
        return "https://s3.amazonaws.com/my-iot-firmware/none.json";
    }
}
