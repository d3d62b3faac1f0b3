package io.fleetline.api.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.api.acm.AcmApi;
import io.fleetline.api.binding.RawRequest;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.http.ApiDispatcher;
import io.fleetline.api.http.ApiResponse;
import io.fleetline.api.model.ServiceModel;
import io.fleetline.api.routing.Router;
import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.blobs.object.ObjectUpload;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import io.fleetline.ota.signing.BlobSigningObjects;
import io.fleetline.ota.signing.CodeSigningMaterial;
import io.fleetline.ota.signing.KeySealer;
import io.fleetline.ota.signing.Signing;
import io.fleetline.storage.Database;
import io.fleetline.storage.blobs.JdbcBlobMetadataStore;
import io.fleetline.storage.signing.JdbcSigningStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACM and AWS Signer handlers over real code signing (SQLite, a content directory), driven with requests as the
 * AWS CLI sends them through the dispatcher (authentication off); answers are read as a client reads them.
 */
public abstract class SigningApiFixture {
    protected static final AccountScope SCOPE = new AccountScope("eu-west-1", "123456789012");
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final String BUCKET = "fw-images";
    private static final List<ServiceModel> MODELS = List.of(ServiceModel.load("iot"), ServiceModel.load("acm"),
            ServiceModel.load("signer"), ServiceModel.load("fleetline"));

    protected final ManualClock clock = new ManualClock(CodeSigningMaterial.NOW);
    @TempDir
    java.nio.file.Path dir;
    protected Database database;
    protected Blobs blobs;
    protected ApiDispatcher dispatcher;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + dir.resolve("account.db").toAbsolutePath());
        blobs = Blobs.open(new JdbcBlobMetadataStore(database), FileContentStore.open(dir.resolve("blobs")), SCOPE,
                clock);
        Signing signing = Signing.create(new JdbcSigningStore(database), new KeySealer(KeySealer.newKey()),
                new BlobSigningObjects(blobs), SCOPE, clock);
        HandlerRegistry handlers = new HandlerRegistry(MODELS);
        AcmApi.register(handlers, signing.certificates(), clock);
        SignerApi.register(handlers, signing, SCOPE);
        dispatcher = new ApiDispatcher(new Router(MODELS), handlers, Optional.empty(), JSON);
        blobs.buckets().create(BUCKET, Optional.empty());
        blobs.buckets().putVersioning(BUCKET, VersioningStatus.ENABLED);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** An ACM call as the CLI sends it: {@code POST /}, its target, the input as the body. */
    protected ApiResponse acm(String operation, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost"));
        headers.put("X-Amz-Target", List.of("CertificateManager." + operation));
        headers.put("Content-Type", List.of("application/x-amz-json-1.1"));
        return dispatcher.dispatch(new RawRequest("POST", "/", "", headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    protected ApiResponse http(String method, String path, String query, String body) {
        return dispatcher.dispatch(new RawRequest(method, path, query, Map.of("Host", List.of("localhost")),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    protected static JsonNode json(ApiResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String text(ApiResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    protected static String base64(byte[] bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    /** Imports the material as {@code acm import-certificate} does; answers the ARN. */
    protected String importCertificate(CodeSigningMaterial material) {
        ApiResponse response = acm("ImportCertificate", "{\"Certificate\": \"" + base64(material.certificatePem())
                + "\", \"PrivateKey\": \"" + base64(material.pkcs8Pem()) + "\"}");
        if (response.status() != 200) {
            throw new AssertionError("import failed: " + text(response));
        }
        return json(response).path("CertificateArn").asText();
    }

    protected String putObject(String key, byte[] bytes) {
        return blobs.objects().put(BUCKET, key, ObjectUpload.of(new ByteArrayInputStream(bytes), bytes.length))
                .version().versionId().value();
    }
}
