package io.fleetline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.core.time.ManualClock;
import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.DeviceIdentity;
import io.fleetline.testkit.Store;
import io.fleetline.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Job documents kept in the object store, end to end: {@code aws iot create-job --document-source} in every URL form
 * AWS takes and Fleetline's own, and the presigned-URL placeholders a document carries, replaced for each device at
 * each read over MQTT, over the SigV4 jobs data plane and over HTTPS with a client certificate, while GetJobDocument
 * answers the document as stored. The account's object store is the server's own, filled through its S3 API; the
 * URLs devices get are presigned GETs on the device HTTPS port, which download the firmware without a client
 * certificate.
 */
class JobDocumentsFromS3IT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "my-iot-firmware";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String ROLE = "roleArn=arn:aws:iam::000000000000:role/ota";
    /** The firmware placeholder of seed 002's job document. */
    private static final String FIRMWARE = "${aws:iot:s3-presigned-url:https://s3.us-east-1.amazonaws.com/"
            + BUCKET + "/devices/sensor-hub/firmware-v2.1.0.bin}";
    private static final String DOCUMENT = """
            {"operation": "firmware_update", "version": "2.1.0",
             "files": [{"fileName": "firmware-v2.1.0.bin", "url": "%s"}]}""".formatted(FIRMWARE);

    @TempDir
    static Path dir;
    static final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final byte[] IMAGE = new Random(21).ints(200_000, 0, 256).collect(java.io.ByteArrayOutputStream::new,
            java.io.ByteArrayOutputStream::write, (a, b) -> a.writeBytes(b.toByteArray())).toByteArray();
    static TestServer server;
    static S3Client s3;
    static IotClient iot;
    static AwsCli aws;
    static List<DeviceIdentity> identities;

    @BeforeAll
    static void start() {
        server = TestServer.start(Store.SQLITE, dir, clock, c -> c.withMqtt(m -> m.withPort(0))
                .withHttp(h -> h.withDeviceHttpsPort(0)));
        iot = Sdk.iot(server);
        s3 = Sdk.s3(server);
        aws = AwsCli.v2().orElseThrow();
        identities = JobsFleetIT.fleet(iot, "SensorHubs", 4);
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putObject(r -> r.bucket(BUCKET).key("jobs/ota-job-document.json").contentType("application/json"),
                RequestBody.fromString(DOCUMENT));
        s3.putObject(r -> r.bucket(BUCKET).key("devices/sensor-hub/firmware-v2.1.0.bin"), RequestBody.fromBytes(IMAGE));
    }

    @AfterAll
    static void stop() {
        s3.close();
        iot.close();
        server.close();
    }

    /** The device-facing HTTPS listener on the public host, where presigned URLs point. */
    private static String deviceEndpoint() {
        return "https://" + URI.create(server.endpoint()).getHost() + ":" + server.deviceHttpsPort();
    }

    private static String thingArn(int i) {
        return JobsFleetIT.arnOf(JobsFleetIT.thingName(i));
    }

    /** The one presigned URL of a document a device got, checked for where it points, when it was made, its expiry. */
    private static URI presigned(String document, long expiresInSec) {
        Matcher url = Pattern.compile(Pattern.quote(deviceEndpoint()) + "[^\"]+").matcher(document);
        assertThat(url.find()).as("a presigned URL in " + document).isTrue();
        URI uri = URI.create(url.group());
        assertThat(uri.getPath()).isEqualTo("/" + BUCKET + "/devices/sensor-hub/firmware-v2.1.0.bin");
        assertThat(uri.getQuery()).contains("X-Amz-Date=" + AMZ_DATE.format(clock.instant()))
                .contains("X-Amz-Expires=" + expiresInSec).contains("X-Amz-Signature=");
        assertThat(document).doesNotContain("${aws:iot");
        return uri;
    }

    @Test
    void create_job_reads_the_document_from_every_s3_url_form_and_get_job_document_returns_it() {
        List<String> sources = List.of(
                "https://s3.amazonaws.com/my-iot-firmware/jobs/ota-job-document.json",
                "https://s3.us-east-1.amazonaws.com/my-iot-firmware/jobs/ota-job-document.json",
                "https://my-iot-firmware.s3.amazonaws.com/jobs/ota-job-document.json",
                "https://my-iot-firmware.s3.us-east-1.amazonaws.com/jobs/ota-job-document.json",
                server.endpoint() + "/my-iot-firmware/jobs/ota-job-document.json");
        for (int i = 0; i < sources.size(); i++) {
            AwsCli.Result created = aws.run(server, "iot", "create-job", "--job-id", "source-" + i,
                    "--targets", thingArn(3), "--document-source", sources.get(i),
                    "--presigned-url-config", ROLE + ",expiresInSec=3600");
            assertThat(created.exitCode()).as(sources.get(i) + ": " + created.stderr()).isZero();
            assertThat(aws.run(server, "iot", "get-job-document", "--job-id", "source-" + i).json()
                    .path("document").asText()).isEqualTo(DOCUMENT);
            assertThat(aws.run(server, "iot", "describe-job", "--job-id", "source-" + i).json()
                    .path("documentSource").asText()).isEqualTo(sources.get(i));
        }
    }

    @Test
    void every_device_read_gets_urls_presigned_then_over_mqtt_and_https_while_get_job_document_keeps_the_placeholder()
            throws Exception {
        assertThat(aws.run(server, "iot", "create-job", "--job-id", "fw-2-1-0", "--targets",
                "arn:aws:iot:us-east-1:000000000000:thinggroup/SensorHubs",
                "--document-source", "https://s3.amazonaws.com/my-iot-firmware/jobs/ota-job-document.json",
                "--presigned-url-config", ROLE + ",expiresInSec=600").exitCode()).isZero();
        try (JobDevice first = new JobDevice(server, identities.get(0), JobsFleetIT.thingName(0), null, o -> { });
             JobDevice second = new JobDevice(server, identities.get(0), JobsFleetIT.thingName(1), null, o -> { })) {
            server.tickJobs();
            JsonNode notified = first.next("/notify-next").path("execution");
            assertThat(notified.path("jobId").asText()).isEqualTo("fw-2-1-0");
            URI firstUrl = presigned(notified.path("jobDocument").toString(), 600);
            assertThat(notified.path("jobDocument").path("operation").asText()).as("still JSON").isEqualTo("firmware_update");

            clock.advance(Duration.ofMinutes(2));
            second.publish("start-next", "{}");
            URI secondUrl = presigned(second.next("start-next/accepted").path("execution").path("jobDocument")
                    .toString(), 600);
            assertThat(secondUrl).as("made for the second device's read, two minutes later").isNotEqualTo(firstUrl);

            clock.advance(Duration.ofMinutes(1));
            first.publish("$next/get", "{}");
            URI again = presigned(first.next("$next/get/accepted").path("execution").path("jobDocument").toString(), 600);
            assertThat(again).as("a new read, a new URL").isNotEqualTo(firstUrl);
            second.publish("fw-2-1-0/update", "{\"status\": \"IN_PROGRESS\", \"includeJobDocument\": true}");
            presigned(second.next("fw-2-1-0/update/accepted").path("jobDocument").toString(), 600);
        }

        try (IotJobsDataPlaneClient data = Sdk.jobsData(server)) {
            clock.advance(Duration.ofMinutes(1));
            String third = JobsFleetIT.thingName(2);
            presigned(data.describeJobExecution(r -> r.thingName(third).jobId("$next")).execution().jobDocument(), 600);
            assertThat(data.describeJobExecution(r -> r.thingName(third).jobId("fw-2-1-0").includeJobDocument(false))
                    .execution().jobDocument()).isNull();
            String started = data.startNextPendingJobExecution(r -> r.thingName(third)).execution().jobDocument();
            presigned(started, 600);
            assertThat(JSON.readTree(started).path("version").asText()).isEqualTo("2.1.0");
        }

        // the same over HTTPS on the device port, with the device's certificate
        String fourth = JobsFleetIT.thingName(3);
        iot.createPolicy(r -> r.policyName("documents-over-https").policyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iotjobsdata:*",
                 "Resource": "arn:aws:iot:us-east-1:000000000000:thing/%s"}]}""".formatted(fourth)));
        iot.attachPolicy(r -> r.policyName("documents-over-https").target(identities.get(0).certificateArn()));
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(identities.get(0).keyManagers().getKeyManagers(),
                DeviceIdentity.trusting(server.caFile()).getTrustManagers(), null);
        try (HttpClient https = HttpClient.newBuilder().sslContext(tls).build()) {
            HttpResponse<String> described = https.send(HttpRequest.newBuilder(URI.create(deviceEndpoint() + "/things/"
                    + fourth + "/jobs/fw-2-1-0")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
            presigned(JSON.readTree(described.body()).path("execution").path("jobDocument").asText(), 600);
        }

        assertThat(aws.run(server, "iot", "get-job-document", "--job-id", "fw-2-1-0").json().path("document")
                .asText()).as("the control plane answers the document as stored").isEqualTo(DOCUMENT);
    }

    @Test
    void a_device_downloads_the_firmware_with_its_presigned_url_from_the_device_port_without_a_client_certificate()
            throws Exception {
        assertThat(aws.run(server, "iot", "create-job", "--job-id", "download", "--targets", thingArn(3),
                "--document-source", "https://s3.amazonaws.com/my-iot-firmware/jobs/ota-job-document.json",
                "--presigned-url-config", ROLE + ",expiresInSec=900").exitCode()).isZero();
        server.tickJobs();
        URI url;
        try (IotJobsDataPlaneClient data = Sdk.jobsData(server)) {
            url = presigned(data.describeJobExecution(r -> r.thingName(JobsFleetIT.thingName(3)).jobId("download"))
                    .execution().jobDocument(), 900);
        }
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, DeviceIdentity.trusting(server.caFile()).getTrustManagers(), null);
        try (HttpClient https = HttpClient.newBuilder().sslContext(tls).build()) {
            HttpResponse<byte[]> image = https.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.body()).isEqualTo(IMAGE);
            HttpResponse<byte[]> resumed = https.send(HttpRequest.newBuilder(url).header("Range", "bytes=150000-")
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(resumed.statusCode()).as("a broken download resumes").isEqualTo(206);
            assertThat(resumed.body()).isEqualTo(java.util.Arrays.copyOfRange(IMAGE, 150_000, IMAGE.length));

            URI forged = URI.create(url.toString().replaceAll("X-Amz-Expires=900", "X-Amz-Expires=3600"));
            HttpResponse<String> refused = https.send(HttpRequest.newBuilder(forged).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("<Code>SignatureDoesNotMatch</Code>");
            assertThatThrownBy(() -> https.send(HttpRequest.newBuilder(URI.create(deviceEndpoint() + "/things/"
                    + JobsFleetIT.thingName(3) + "/jobs/download")).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("without a certificate the device APIs cut the connection off unanswered")
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void create_job_is_refused_for_a_missing_object_a_placeholder_without_config_and_an_expiry_out_of_range() {
        AwsCli.Result missing = aws.run(server, "iot", "create-job", "--job-id", "missing", "--targets", thingArn(3),
                "--document-source", "https://s3.amazonaws.com/my-iot-firmware/jobs/no-such-document.json");
        assertThat(missing.errorCode()).isEqualTo("InvalidRequestException");
        assertThat(missing.stderr()).contains("https://s3.amazonaws.com/my-iot-firmware/jobs/no-such-document.json")
                .contains("NoSuchKey");

        AwsCli.Result unsigned = aws.run(server, "iot", "create-job", "--job-id", "no-config", "--targets", thingArn(3),
                "--document-source", "https://s3.amazonaws.com/my-iot-firmware/jobs/ota-job-document.json");
        assertThat(unsigned.errorCode()).isEqualTo("InvalidRequestException");
        assertThat(unsigned.stderr()).contains("presignedUrlConfig");
        assertThatThrownBy(() -> iot.createJob(r -> r.jobId("no-config").targets(thingArn(3)).document(DOCUMENT)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("presignedUrlConfig");

        // the CLI checks the range itself; the SDK sends what it is given
        for (long expiry : List.of(59L, 3601L)) {
            assertThatThrownBy(() -> iot.createJob(r -> r.jobId("expiry-" + expiry).targets(thingArn(3))
                    .documentSource("https://s3.amazonaws.com/my-iot-firmware/jobs/ota-job-document.json")
                    .presignedUrlConfig(p -> p.roleArn("arn:aws:iam::000000000000:role/ota").expiresInSec(expiry))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("expiresInSec");
        }
        for (String jobId : List.of("missing", "no-config", "expiry-59", "expiry-3601")) {
            assertThat(aws.run(server, "iot", "describe-job", "--job-id", jobId).errorCode())
                    .isEqualTo("ResourceNotFoundException");
        }
    }
}
