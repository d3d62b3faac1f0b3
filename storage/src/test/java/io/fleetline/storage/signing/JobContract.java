package io.fleetline.storage.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.object.ObjectHead;
import io.fleetline.blobs.object.ObjectRead;
import io.fleetline.blobs.object.ReadOptions;
import io.fleetline.blobs.object.VersionId;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.signing.CodeSigningMaterial;
import io.fleetline.ota.signing.ImageSignatures;
import io.fleetline.ota.signing.ImportedCertificate;
import io.fleetline.ota.signing.SignedImage;
import io.fleetline.ota.signing.SigningJob;
import io.fleetline.ota.signing.SigningStatus;
import io.fleetline.ota.signing.SigningTx;
import io.fleetline.ota.signing.SourceObject;
import io.fleetline.ota.signing.StartSigning;
import io.fleetline.ota.signing.ValidityPeriod;
import io.fleetline.security.ca.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** StartSigningJob, DescribeSigningJob, ListSigningJobs, and what OTA updates read of a job. */
abstract class JobContract extends SigningFixture {
    private static final byte[] IMAGE = image(300_000, 1);

    CodeSigningMaterial signer;
    ImportedCertificate certificate;
    String version;

    @BeforeEach
    void profile() {
        signer = CodeSigningMaterial.ecdsa("ecdsasigner");
        certificate = importCertificate(signer);
        putProfile("fw_signer", certificate);
        version = put(BUCKET, "app.bin", IMAGE).version().versionId().value();
    }

    private byte[] read(String bucket, String key) {
        try (ObjectRead read = blobs.objects().get(bucket, key, ReadOptions.LATEST)) {
            return read.stream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_versioned_object_is_signed_and_its_signed_object_holds_the_signed_bytes() {
        SigningJob job = sign("fw_signer", BUCKET, "app.bin", version);

        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.statusReason()).isEmpty();
        assertThat(job.createdAt()).isEqualTo(clock.instant());
        assertThat(job.completedAt()).contains(clock.instant());
        assertThat(job.signatureExpiresAt()).contains(ValidityPeriod.DEFAULT.after(clock.instant()));
        assertThat(job.signedObject()).hasValueSatisfying(signed -> {
            assertThat(signed.bucket()).isEqualTo(BUCKET);
            assertThat(signed.key()).isEqualTo("signed/" + job.jobId());
            assertThat(signed.versionId()).isPresent();
        });
        byte[] der = job.signature().orElseThrow().der();
        assertThat(ImageSignatures.verify(new ByteArrayInputStream(IMAGE), der, "SHA256", "ECDSA",
                signer.certificate())).as("ECDSA P-256 over SHA-256 of the image").isTrue();
        assertThat(read(BUCKET, "signed/" + job.jobId())).isEqualTo(IMAGE);
        ObjectHead head = blobs.objects().head(BUCKET, "signed/" + job.jobId(), ReadOptions.LATEST);
        assertThat(head.version().body().attributes().userMetadata())
                .containsEntry("signature", job.signature().orElseThrow().base64())
                .containsEntry("signing-job-id", job.jobId()).containsEntry("hash-algorithm", "SHA256")
                .containsEntry("encryption-algorithm", "ECDSA");
        assertThat(signing.jobs().describe(job.jobId())).isEqualTo(job);
        assertThat(job.profileVersion()).isEqualTo(signing.profiles().get("fw_signer").version());
        assertThat(job.requestedBy()).isEqualTo(REQUESTER);
        assertThat(job.jobOwner()).isEqualTo(SCOPE.accountId());
    }

    @Test
    void an_ota_update_reads_the_signature_certificate_and_signed_object_of_a_job() {
        SigningJob job = sign("fw_signer", BUCKET, "app.bin", version);

        SignedImage image = signing.jobs().signedImage(job.jobId());

        assertThat(image.signature().afrOtaKey()).isEqualTo("sig-sha256-ecdsa");
        assertThat(image.signature().der()).isEqualTo(job.signature().orElseThrow().der());
        assertThat(Pem.certificate(image.signature().certificatePem())).isEqualTo(signer.certificate());
        assertThat(image.certname()).contains("/certs/ecdsasigner.crt");
        assertThat(image.signedObject()).isEqualTo(job.signedObject().orElseThrow());
        assertThat(image.source()).isEqualTo(new SourceObject(BUCKET, "app.bin", version));
        assertFails(() -> signing.jobs().signedImage("no-such-job"), ErrorCode.RESOURCE_NOT_FOUND);
    }

    @Test
    void the_version_named_is_signed_not_the_latest() {
        put(BUCKET, "app.bin", image(1000, 2));

        SigningJob job = sign("fw_signer", BUCKET, "app.bin", version);

        assertThat(read(BUCKET, job.signedObject().orElseThrow().key())).isEqualTo(IMAGE);
        assertThat(ImageSignatures.verify(new ByteArrayInputStream(IMAGE), job.signature().orElseThrow().der(),
                "SHA256", "ECDSA", signer.certificate())).isTrue();
    }

    @Test
    void an_object_of_an_unversioned_bucket_fails_the_job_saying_so() {
        blobs.buckets().create("plain", Optional.empty());
        put("plain", "app.bin", IMAGE);

        SigningJob job = sign("fw_signer", "plain", "app.bin", "null");

        assertThat(job.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(job.statusReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("plain").contains("versioning enabled"));
        assertThat(job.signature()).isEmpty();
        assertThat(job.signedObject()).isEmpty();
        assertThat(job.signatureExpiresAt()).isEmpty();
        assertThat(signing.jobs().describe(job.jobId())).isEqualTo(job);
        assertFails(() -> signing.jobs().signedImage(job.jobId()), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("versioning enabled");
    }

    @Test
    void a_missing_bucket_key_or_version_fails_the_job_saying_which() {
        String otherVersion = VersionId.generate().value();

        assertThat(sign("fw_signer", "no-such-bucket", "app.bin", version).statusReason())
                .hasValueSatisfying(r -> assertThat(r).contains("source bucket no-such-bucket does not exist"));
        assertThat(sign("fw_signer", BUCKET, "missing.bin", version).statusReason())
                .hasValueSatisfying(r -> assertThat(r).contains("s3://fw-images/missing.bin")
                        .contains("does not exist"));
        assertThat(sign("fw_signer", BUCKET, "app.bin", otherVersion).statusReason())
                .hasValueSatisfying(r -> assertThat(r).contains(otherVersion).contains("does not exist"));
        assertThat(sign("fw_signer", BUCKET, "app.bin", "v1").statusReason())
                .hasValueSatisfying(r -> assertThat(r).contains("not a version id"));
        assertThat(blobs.listings().listObjectsV2(BUCKET, new io.fleetline.blobs.listing.ListQuery("signed/",
                Optional.empty(), 1000), Optional.empty(), Optional.empty()).objects()).isEmpty();
    }

    @Test
    void a_missing_destination_bucket_fails_the_job() {
        SigningJob job = signing.jobs().start(new StartSigning("fw_signer", Optional.empty(),
                new SourceObject(BUCKET, "app.bin", version), "no-such-bucket", "", UUID.randomUUID().toString(),
                REQUESTER));

        assertThat(job.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(job.statusReason()).contains("The destination bucket no-such-bucket does not exist");
    }

    @Test
    void a_canceled_or_missing_profile_starts_no_job() {
        signing.profiles().cancel("fw_signer");

        assertFails(() -> sign("fw_signer", BUCKET, "app.bin", version), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("Canceled");
        assertFails(() -> sign("nobody", BUCKET, "app.bin", version), ErrorCode.RESOURCE_NOT_FOUND);
        assertFails(() -> signing.jobs().start(new StartSigning("fw_signer", Optional.of("210987654321"),
                new SourceObject(BUCKET, "app.bin", version), BUCKET, "", "t", REQUESTER)),
                ErrorCode.RESOURCE_NOT_FOUND);
        assertThat(signing.jobs().list(SigningTx.JobFilter.ALL, false, new PageRequest(25, Optional.empty())).items())
                .isEmpty();
    }

    @Test
    void a_deleted_or_expired_certificate_fails_the_job_and_earlier_jobs_keep_theirs() {
        SigningJob before = sign("fw_signer", BUCKET, "app.bin", version);
        clock.advance(Duration.ofDays(200));

        SigningJob expired = sign("fw_signer", BUCKET, "app.bin", version);
        signing.certificates().delete(certificate.arn().value());
        SigningJob deleted = sign("fw_signer", BUCKET, "app.bin", version);

        assertThat(expired.statusReason()).hasValueSatisfying(r -> assertThat(r).contains("expired"));
        assertThat(deleted.statusReason()).hasValueSatisfying(r -> assertThat(r).contains("no longer exists"));
        assertThat(Pem.certificate(signing.jobs().signedImage(before.jobId()).signature().certificatePem()))
                .isEqualTo(signer.certificate());
    }

    @Test
    void a_request_token_seen_before_answers_its_job_and_signs_nothing_again() {
        StartSigning request = new StartSigning("fw_signer", Optional.empty(),
                new SourceObject(BUCKET, "app.bin", version), BUCKET, "signed/", "token-1", REQUESTER);

        SigningJob first = signing.jobs().start(request);
        clock.advance(Duration.ofMinutes(1));
        SigningJob again = signing.jobs().start(request);

        assertThat(again).isEqualTo(first);
        assertThat(blobs.listings().listObjectsV2(BUCKET, new io.fleetline.blobs.listing.ListQuery("signed/",
                Optional.empty(), 1000), Optional.empty(), Optional.empty()).objects()).hasSize(1);
    }

    @Test
    void overlong_request_strings_are_refused_before_anything_is_kept() {
        assertFails(() -> sign("fw_signer", BUCKET, "k".repeat(1025), version), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("source.s3.key");
        assertFails(() -> signing.jobs().start(new StartSigning("fw_signer", Optional.empty(),
                new SourceObject(BUCKET, "app.bin", version), BUCKET, "", "t".repeat(257), REQUESTER)),
                ErrorCode.INVALID_REQUEST).hasMessageContaining("clientRequestToken");
    }

    @Test
    void jobs_are_listed_newest_first_a_page_at_a_time_and_filtered() {
        List<SigningJob> started = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            started.add(sign("fw_signer", BUCKET, "app.bin", version));
            clock.advance(Duration.ofSeconds(1));
        }
        blobs.buckets().create("plain", Optional.empty());
        SigningJob failed = sign("fw_signer", "plain", "app.bin", "null");
        List<SigningJob> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<SigningJob> page = signing.jobs().list(SigningTx.JobFilter.ALL, false,
                    PageRequest.of(2, token.orElse(null), 25));
            seen.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent());

        assertThat(seen).extracting(SigningJob::jobId).containsExactly(failed.jobId(), started.get(3).jobId(),
                started.get(2).jobId(), started.get(1).jobId(), started.get(0).jobId());
        SigningTx.JobFilter failures = new SigningTx.JobFilter(Optional.of(SigningStatus.FAILED), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(signing.jobs().list(failures, false, new PageRequest(25, Optional.empty())).items())
                .containsExactly(failed);
        assertThat(signing.jobs().list(SigningTx.JobFilter.ALL, true, new PageRequest(25, Optional.empty())).items())
                .as("no job is revoked").isEmpty();
        SigningTx.JobFilter expiringSoon = new SigningTx.JobFilter(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(clock.instant().plus(Duration.ofDays(365))),
                Optional.empty());
        assertThat(signing.jobs().list(expiringSoon, false, new PageRequest(25, Optional.empty())).items()).isEmpty();
    }

    @Test
    void jobs_and_keys_outlive_a_restart() {
        SigningJob job = sign("fw_signer", BUCKET, "app.bin", version);

        restart();

        assertThat(signing.jobs().describe(job.jobId())).isEqualTo(job);
        SigningJob after = sign("fw_signer", BUCKET, "app.bin", version);
        assertThat(after.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(ImageSignatures.verify(new ByteArrayInputStream(IMAGE), after.signature().orElseThrow().der(),
                "SHA256", "ECDSA", signer.certificate())).isTrue();
    }

    @Test
    void a_bucket_whose_versioning_was_suspended_is_not_signed_from() {
        blobs.buckets().putVersioning(BUCKET, VersioningStatus.SUSPENDED);

        assertThat(sign("fw_signer", BUCKET, "app.bin", version).status()).isEqualTo(SigningStatus.FAILED);
    }
}
