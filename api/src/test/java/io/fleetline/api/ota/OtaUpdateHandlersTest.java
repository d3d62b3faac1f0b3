package io.fleetline.api.ota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.http.ApiDispatcher;
import io.fleetline.api.http.ApiResponse;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Router;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.time.ManualClock;
import io.fleetline.ota.update.OtaJobs;
import io.fleetline.ota.update.OtaObjects;
import io.fleetline.ota.update.OtaSigning;
import io.fleetline.ota.update.OtaStreams;
import io.fleetline.ota.update.OtaUpdates;
import io.fleetline.ota.update.S3File;
import io.fleetline.storage.Database;
import io.fleetline.storage.ota.JdbcOtaUpdateStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four operations through the dispatcher: the JSON AWS's clients send and read, and the errors in AWS's shape. */
class OtaUpdateHandlersTest {
    private static final List<ServiceModel> MODELS = List.of(ServiceModel.load("iot"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AccountScope SCOPE = new AccountScope("eu-west-1", "123456789012");
    private static final String THING = "arn:aws:iot:eu-west-1:123456789012:thing/dev-1";

    @TempDir
    Path dir;
    private Database database;
    private OtaUpdates updates;
    private ApiDispatcher dispatcher;
    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T10:00:00.250Z"));
    private final Map<String, OtaJobs.Phase> jobs = new HashMap<>();
    private final List<String> streamsDeleted = new ArrayList<>();

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("ota-" + UUID.randomUUID() + ".db"));
        updates = new OtaUpdates(new JdbcOtaUpdateStore(database), new OtaUpdates.Ports(jobsPort(), streamsPort(),
                signingPort(), objectsPort()), SCOPE, clock);
        HandlerRegistry handlers = new HandlerRegistry(MODELS);
        OtaUpdateHandlers.register(handlers, updates);
        dispatcher = new ApiDispatcher(new Router(MODELS), handlers, Optional.empty(), JSON);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static final String FILES = """
            "files": [{"fileName": "/device/app.bin", "fileType": 2, "fileVersion": "2.1.0",
              "fileLocation": {"s3Location": {"bucket": "fw-images", "key": "app.bin", "version": "v1"}},
              "codeSigning": {"customCodeSigning": {"signature": {"inlineDocument": "TUVVQ0lRQ2Fh"},
                "certificateChain": {"certificateName": "/certs/fw.crt"},
                "hashAlgorithm": "SHA256", "signatureAlgorithm": "ECDSA"}},
              "attributes": {"build": "42"}}]""";

    private static String body(String extra) {
        return "{\"targets\": [\"" + THING + "\"], \"protocols\": [\"MQTT\", \"HTTP\"],"
                + " \"roleArn\": \"arn:aws:iam::123456789012:role/ota\", " + FILES + extra + "}";
    }

    @Test
    void create_answers_the_update_pending_with_its_arn() throws IOException {
        ApiResponse response = call("POST", "/otaUpdates/fw-1", "", body(""));

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(JSON.readTree("""
                {"otaUpdateId": "fw-1", "otaUpdateArn": "arn:aws:iot:eu-west-1:123456789012:otaupdate/fw-1",
                 "otaUpdateStatus": "CREATE_PENDING"}"""));
    }

    @Test
    void get_shows_the_update_as_asked_and_its_job_once_created() throws IOException {
        call("POST", "/otaUpdates/fw-1", "", body("""
                , "description": "2.1.0 for all",
                "targetSelection": "CONTINUOUS",
                "awsJobExecutionsRolloutConfig": {"maximumPerMinute": 50, "exponentialRate": {"baseRatePerMinute": 5,
                  "incrementFactor": 1.5, "rateIncreaseCriteria": {"numberOfSucceededThings": 10}}},
                "awsJobPresignedUrlConfig": {"expiresInSec": 900},
                "awsJobAbortConfig": {"abortCriteriaList": [{"failureType": "FAILED", "action": "CANCEL",
                  "thresholdPercentage": 20, "minNumberOfExecutedThings": 5}]},
                "awsJobTimeoutConfig": {"inProgressTimeoutInMinutes": 60},
                "additionalParameters": {"note": "kept"}, "tags": [{"Key": "team", "Value": "fw"}]"""));
        clock.advance(java.time.Duration.ofSeconds(2));
        updates.tick();

        ApiResponse response = call("GET", "/otaUpdates/fw-1", "", "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(JSON.readTree("""
                {"otaUpdateInfo": {"otaUpdateId": "fw-1",
                 "otaUpdateArn": "arn:aws:iot:eu-west-1:123456789012:otaupdate/fw-1",
                 "creationDate": 1740823200.250, "lastModifiedDate": 1740823202.250,
                 "description": "2.1.0 for all", "targets": ["arn:aws:iot:eu-west-1:123456789012:thing/dev-1"],
                 "protocols": ["MQTT", "HTTP"],
                 "awsJobExecutionsRolloutConfig": {"maximumPerMinute": 50, "exponentialRate": {"baseRatePerMinute": 5,
                   "incrementFactor": 1.5, "rateIncreaseCriteria": {"numberOfSucceededThings": 10}}},
                 "awsJobPresignedUrlConfig": {"expiresInSec": 900}, "targetSelection": "CONTINUOUS",
                 "otaUpdateFiles": [{"fileName": "/device/app.bin", "fileType": 2, "fileVersion": "2.1.0",
                   "fileLocation": {"s3Location": {"bucket": "fw-images", "key": "app.bin", "version": "v1"}},
                   "codeSigning": {"customCodeSigning": {"signature": {"inlineDocument": "TUVVQ0lRQ2Fh"},
                     "certificateChain": {"certificateName": "/certs/fw.crt"},
                     "hashAlgorithm": "SHA256", "signatureAlgorithm": "ECDSA"}},
                   "attributes": {"build": "42"}}],
                 "otaUpdateStatus": "CREATE_COMPLETE", "awsIotJobId": "AFR_OTA-fw-1",
                 "awsIotJobArn": "arn:aws:iot:eu-west-1:123456789012:job/AFR_OTA-fw-1",
                 "additionalParameters": {"note": "kept"}}}"""));
    }

    @Test
    void a_failed_update_tells_why_in_error_info() throws IOException {
        call("POST", "/otaUpdates/fw-1", "", body("").replace("fw-images", "other-bucket"));
        updates.tick();

        JsonNode info = json(call("GET", "/otaUpdates/fw-1", "", "")).path("otaUpdateInfo");

        assertThat(info.path("otaUpdateStatus").asText()).isEqualTo("CREATE_FAILED");
        assertThat(info.path("errorInfo")).isEqualTo(JSON.readTree("""
                {"code": "ResourceNotFoundException", "message": "bucket other-bucket does not exist"}"""));
        assertThat(info.has("awsIotJobId")).isFalse();
    }

    @Test
    void list_pages_by_id_and_filters_by_status() throws IOException {
        call("POST", "/otaUpdates/b", "", body(""));
        call("POST", "/otaUpdates/a", "", body(""));
        call("POST", "/otaUpdates/c", "", body("").replace("fw-images", "other-bucket"));
        updates.tick();

        JsonNode first = json(call("GET", "/otaUpdates", "maxResults=2", ""));
        assertThat(first.path("otaUpdates").findValuesAsText("otaUpdateId")).containsExactly("a", "b");
        assertThat(first.path("otaUpdates").get(0).path("creationDate").isNumber()).isTrue();
        JsonNode second = json(call("GET", "/otaUpdates", "maxResults=2&nextToken="
                + first.path("nextToken").asText(), ""));
        assertThat(second.path("otaUpdates").findValuesAsText("otaUpdateId")).containsExactly("c");
        assertThat(second.has("nextToken")).isFalse();
        assertThat(json(call("GET", "/otaUpdates", "otaUpdateStatus=CREATE_FAILED", "")).path("otaUpdates")
                .findValuesAsText("otaUpdateId")).containsExactly("c");
    }

    @Test
    void delete_takes_its_options_from_the_query_and_refuses_an_active_job_without_force() throws IOException {
        call("POST", "/otaUpdates/fw-1", "", body(""));
        updates.tick();

        assertAwsError(call("DELETE", "/otaUpdates/fw-1", "deleteStream=true", ""), 400, "InvalidRequestException");
        ApiResponse deleted = call("DELETE", "/otaUpdates/fw-1", "deleteStream=true&forceDeleteAWSJob=true", "");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(json(deleted)).isEqualTo(JSON.createObjectNode());
        assertThat(json(call("GET", "/otaUpdates/fw-1", "", "")).path("otaUpdateInfo").path("otaUpdateStatus")
                .asText()).isEqualTo("DELETE_IN_PROGRESS");
        updates.tick();

        assertAwsError(call("GET", "/otaUpdates/fw-1", "", ""), 404, "ResourceNotFoundException");
        assertThat(jobs).doesNotContainKey("AFR_OTA-fw-1");
        assertThat(streamsDeleted).hasSize(1);
    }

    @Test
    void requests_wrong_in_shape_are_refused_in_aws_terms() {
        call("POST", "/otaUpdates/fw-1", "", body(""));

        assertAwsError(call("POST", "/otaUpdates/fw-1", "", body("")), 409, "ResourceAlreadyExistsException");
        assertAwsError(call("POST", "/otaUpdates/fw-2", "", body("").replace("\"fileLocation\": {",
                "\"fileLocation\": {\"stream\": {\"streamId\": \"s\"}, ")), 400, "InvalidRequestException");
        assertAwsError(call("POST", "/otaUpdates/fw-2", "", body("").replace("TUVVQ0lRQ2Fh", "not base64!")), 400,
                "InvalidRequestException");
        assertAwsError(call("POST", "/otaUpdates/fw-2", "", body("").replace("\"roleArn\"", "\"role\"")), 400,
                "InvalidRequestException");
        assertAwsError(call("POST", "/otaUpdates/fw-2", "", body("").replace("\"MQTT\", \"HTTP\"", "\"FTP\"")), 400,
                "InvalidRequestException");
        assertAwsError(call("POST", "/otaUpdates/fw-2", "", body("").replace("\"fileType\": 2",
                "\"fileType\": 4294967298")), 400, "InvalidRequestException");
        assertAwsError(call("GET", "/otaUpdates", "otaUpdateStatus=DONE", ""), 400, "InvalidRequestException");
        assertAwsError(call("GET", "/otaUpdates/nope", "", ""), 404, "ResourceNotFoundException");
        assertAwsError(call("DELETE", "/otaUpdates/nope", "", ""), 404, "ResourceNotFoundException");
    }

    private ApiResponse call(String method, String path, String query, String body) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Host", List.of("localhost:8443"));
        if (!body.isEmpty()) {
            headers.put("Content-Type", List.of("application/json"));
        }
        return dispatcher.dispatch(new RawRequest(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode json(ApiResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertAwsError(ApiResponse response, int status, String type) {
        assertThat(response.status()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", type);
        assertThat(json(response).path("__type").asText()).isEqualTo(type);
        assertThat(json(response).path("message").asText()).isNotBlank();
    }

    private OtaJobs jobsPort() {
        return new OtaJobs() {
            @Override
            public List<String> missingTargets(List<String> targets) {
                return List.of();
            }

            @Override
            public Optional<Phase> phase(String jobId) {
                return Optional.ofNullable(jobs.get(jobId));
            }

            @Override
            public String create(Spec job) {
                jobs.put(job.jobId(), Phase.ACTIVE);
                return SCOPE.arn(io.fleetline.core.arn.ResourceType.JOB, job.jobId());
            }

            @Override
            public void delete(String jobId, boolean force) {
                jobs.remove(jobId);
            }
        };
    }

    private OtaStreams streamsPort() {
        return new OtaStreams() {
            @Override
            public Optional<StreamedFile> file(String streamId, int fileId) {
                return Optional.empty();
            }

            @Override
            public void create(String streamId, String description, String roleArn, List<Source> files) {
            }

            @Override
            public void delete(String streamId) {
                streamsDeleted.add(streamId);
            }
        };
    }

    private static OtaSigning signingPort() {
        return new OtaSigning() {
            @Override
            public Optional<Job> describe(String jobId) {
                return Optional.empty();
            }

            @Override
            public String start(Request request) {
                throw FleetlineException.invalid("no signing here");
            }
        };
    }

    private static OtaObjects objectsPort() {
        return new OtaObjects() {
            @Override
            public Lookup find(String bucket, String key, Optional<String> versionId) {
                return bucket.equals("fw-images") ? new Found(new S3File(bucket, key, versionId.orElse("v1")), 10)
                        : new Missing("bucket " + bucket + " does not exist");
            }

            @Override
            public InputStream open(S3File file) {
                return new ByteArrayInputStream(new byte[10]);
            }
        };
    }
}
