package io.fleetline.storage.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.blobs.object.ObjectUpload;
import io.fleetline.blobs.object.ObjectWrite;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.time.ManualClock;
import io.fleetline.ota.signing.BlobSigningObjects;
import io.fleetline.ota.signing.CertificateImport;
import io.fleetline.ota.signing.CodeSigningMaterial;
import io.fleetline.ota.signing.ImportedCertificate;
import io.fleetline.ota.signing.KeySealer;
import io.fleetline.ota.signing.Signing;
import io.fleetline.ota.signing.SigningJob;
import io.fleetline.ota.signing.SigningOverrides;
import io.fleetline.ota.signing.SigningProfile;
import io.fleetline.ota.signing.SigningProfiles;
import io.fleetline.ota.signing.SourceObject;
import io.fleetline.ota.signing.StartSigning;
import io.fleetline.storage.Database;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh database and object store with code signing on them, the server's sealing key and a manual clock; each
 * concrete suite names the database. {@link #restart()} is what a server restart keeps.
 */
abstract class SigningFixture {
    static final AccountScope SCOPE = new AccountScope("eu-west-1", "123456789012");
    static final String BUCKET = "fw-images";
    static final String REQUESTER = "arn:aws:iam::123456789012:root";

    final ManualClock clock = new ManualClock(CodeSigningMaterial.NOW);
    final byte[] sealingKey = KeySealer.newKey();
    @TempDir
    Path dir;
    String url;
    Database database;
    Blobs blobs;
    Signing signing;

    abstract String newDatabaseUrl(Path dir);

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl(dir);
        start();
        blobs.buckets().create(BUCKET, Optional.empty());
        blobs.buckets().putVersioning(BUCKET, VersioningStatus.ENABLED);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    private void start() {
        database = Database.open(url);
        blobs = Blobs.open(new io.fleetline.storage.blobs.JdbcBlobMetadataStore(database),
                FileContentStore.open(dir.resolve("blobs"), FileContentStore.DEFAULT_MIN_FREE_BYTES), SCOPE, clock);
        signing = Signing.create(new JdbcSigningStore(database), new KeySealer(sealingKey),
                new BlobSigningObjects(blobs), SCOPE, clock);
    }

    /** What a server restart keeps: the database, the content directory and the data directory's sealing key. */
    void restart() {
        database.close();
        start();
    }

    ImportedCertificate importCertificate(CodeSigningMaterial material) {
        return signing.certificates().importCertificate(new CertificateImport(Optional.empty(),
                material.certificatePem(), material.pkcs8Pem(), Optional.empty(), Map.of()));
    }

    SigningProfile putProfile(String name, ImportedCertificate certificate) {
        return signing.profiles().put(new SigningProfiles.NewProfile(name, certificate.arn().value(),
                "AmazonFreeRTOS-Default", Optional.empty(), Map.of("certname", "/certs/ecdsasigner.crt"),
                SigningOverrides.NONE, Map.of()));
    }

    ObjectWrite put(String bucket, String key, byte[] bytes) {
        return blobs.objects().put(bucket, key, ObjectUpload.of(new ByteArrayInputStream(bytes), bytes.length));
    }

    SigningJob sign(String profile, String bucket, String key, String version) {
        return signing.jobs().start(new StartSigning(profile, Optional.empty(), new SourceObject(bucket, key, version),
                BUCKET, "signed/", UUID.randomUUID().toString(), REQUESTER));
    }

    static byte[] image(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed * 7 + i / 251);
        }
        return bytes;
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable call, ErrorCode code) {
        return assertThatThrownBy(call).isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).as(e.getMessage()).isEqualTo(code));
    }
}
