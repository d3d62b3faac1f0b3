package io.fleetline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetline.simulator.ServerTarget;
import io.fleetline.testkit.ServerProcess;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Random;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Firmware for a simulated fleet: an image in a versioned bucket of the server's object store, signed with a
 * code-signing key made here, and Fleetline's plain job document for it (docs/ota.md) at any firmware version.
 */
final class FleetFirmware {
    static final String BUCKET = "fw-images";  // the bucket AgentFaultsIT.plainDocument names
    static final String ROLE = "arn:aws:iam::000000000000:role/ota";

    private final byte[] image;
    private final String imageVersion;
    private final byte[] signature;
    private final X509Certificate signer;

    private FleetFirmware(byte[] image, String imageVersion, byte[] signature, X509Certificate signer) {
        this.image = image;
        this.imageVersion = imageVersion;
        this.signature = signature;
        this.signer = signer;
    }

    /** Uploads a random image of {@code size} bytes to the server's object store and signs it. */
    static FleetFirmware upload(S3Client s3, int size) throws Exception {
        byte[] image = new byte[size];
        new Random(size).nextBytes(image);
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        String version = s3.putObject(r -> r.bucket(BUCKET).key("app.bin"), RequestBody.fromBytes(image)).versionId();
        CodeSigningCert signing = CodeSigningCert.create("fleet-signer");
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(signing.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        return new FleetFirmware(image, version, signing.sign(image), certificate);
    }

    /** The job document that installs this image as {@code firmwareVersion}. */
    String document(String firmwareVersion) throws Exception {
        return AgentFaultsIT.plainDocument(imageVersion, image, signature, firmwareVersion, "/certs/fleet.crt");
    }

    /** The certificate the devices check the image's signature with. */
    X509Certificate signer() {
        return signer;
    }

    /** The simulator's view of a server: its API with the admin key, its MQTT endpoint and CA. */
    static ServerTarget target(URI api, String region, String keyId, String secret, int mqttsPort, Path caFile) {
        return new ServerTarget(api, region, keyId, secret, "127.0.0.1", mqttsPort, caFile);
    }

    /** The simulator's view of a server process, from its data directory (endpoint.json, credentials). */
    static ServerTarget target(Path data) {
        JsonNode endpoint = ServerProcess.endpoint(data);
        var key = ProfileFile.builder().content(data.resolve("credentials")).type(ProfileFile.Type.CREDENTIALS).build()
                .profile("default").orElseThrow();
        return target(URI.create(endpoint.path("http").asText()), endpoint.path("region").asText(),
                key.property("aws_access_key_id").orElseThrow(), key.property("aws_secret_access_key").orElseThrow(),
                URI.create(endpoint.path("mqtts").asText()).getPort(), Path.of(endpoint.path("caFile").asText()));
    }
}
