package io.fleetline.ota.update;

import static io.fleetline.ota.update.Requests.s3;
import static io.fleetline.ota.update.Requests.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every reason creation fails for, each with the errorInfo that says exactly what was wrong. */
class OtaUpdateFailureTest extends OtaFixture {

    private OtaUpdate failed(OtaUpdateRequest request) {
        ota.create(request);
        OtaUpdate update = tickAndGet(request.otaUpdateId());
        assertThat(update.status()).isEqualTo(OtaUpdateStatus.CREATE_FAILED);
        assertThat(fakes.jobs).isEmpty();
        return update;
    }

    @Test
    void a_target_that_does_not_exist() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        String ghost = "arn:aws:iot:eu-west-1:123456789012:thing/ghost";

        OtaUpdate update = failed(update("fw-1").targets(Requests.THING, ghost).file(s3("fw", "app.bin", "v1")).build());

        assertThat(update.errorInfo()).contains(new ErrorInfo("ResourceNotFoundException", "target not found: " + ghost));
    }

    @Test
    void an_unversioned_source() {
        fakes.put("fw", "app.bin", "null", IMAGE);

        OtaUpdate update = failed(update("fw-1").file(s3("fw", "app.bin", null)).build());

        assertThat(update.errorInfo().orElseThrow().code()).isEqualTo("InvalidRequestException");
        assertThat(update.errorInfo().orElseThrow().message()).startsWith("unversioned source: s3://fw/app.bin");
    }

    @Test
    void a_missing_object_or_version() {
        fakes.put("fw", "app.bin", "v1", IMAGE);

        assertThat(failed(update("fw-1").file(s3("fw", "gone.bin", null)).build()).errorInfo())
                .contains(ErrorInfo.notFound("object s3://fw/gone.bin does not exist"));
        assertThat(failed(update("fw-2").file(s3("fw", "app.bin", "v9")).build()).errorInfo())
                .contains(ErrorInfo.notFound("version v9 of s3://fw/app.bin does not exist"));
    }

    @Test
    void a_stream_without_the_file() {
        OtaUpdate update = failed(update("fw-1").file(new FileLocation.Stream("nope", 0)).build());

        assertThat(update.errorInfo()).contains(ErrorInfo.notFound("stream nope does not exist or has no file 0"));
    }

    @Test
    void a_signing_job_that_failed_or_does_not_exist() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        fakes.signingJobs.put("sj-bad", new OtaSigning.Job(OtaSigning.Status.FAILED,
                Optional.of("the source object is not versioned"), Optional.empty()));

        assertThat(failed(update("fw-1").file(s3("fw", "app.bin", "v1"), new CodeSigning.SignerJob("sj-bad")).build())
                .errorInfo()).contains(ErrorInfo.invalid("signing job sj-bad failed: the source object is not versioned"));
        assertThat(failed(update("fw-2").file(s3("fw", "app.bin", "v1"), new CodeSigning.SignerJob("sj-none")).build())
                .errorInfo()).contains(ErrorInfo.notFound("signing job sj-none does not exist"));
    }

    @Test
    void a_signing_job_that_does_not_finish_in_time() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        fakes.signingJobs.put("sj-1", new OtaSigning.Job(OtaSigning.Status.IN_PROGRESS, Optional.empty(),
                Optional.empty()));
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1"), new CodeSigning.SignerJob("sj-1")).build());

        clock.advance(CreationWorker.SIGNING_TIMEOUT);
        assertThat(tickAndGet("fw-1").status()).isEqualTo(OtaUpdateStatus.CREATE_IN_PROGRESS);
        clock.advance(Duration.ofSeconds(1));

        assertThat(tickAndGet("fw-1").errorInfo())
                .contains(ErrorInfo.invalid("signing job sj-1 did not finish within 15 minutes"));
    }

    @Test
    void a_custom_signature_made_by_another_key_or_over_other_bytes() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        SigningKey ours = SigningKey.create("fw signer");
        SigningKey other = SigningKey.create("someone else");
        byte[] tampered = IMAGE.clone();
        tampered[100] ^= 1;

        for (byte[] signature : new byte[][] {other.sign(IMAGE), ours.sign(tampered)}) {
            String id = "fw-" + signature.length + "-" + Integer.toHexString(java.util.Arrays.hashCode(signature));
            OtaUpdate update = failed(update(id).file(s3("fw", "app.bin", "v1"), new CodeSigning.Custom(
                    Optional.of(new CodeSigning.Signature(signature)), Optional.of("/certs/fw.crt"),
                    Optional.of(ours.certificatePem()), Optional.of("SHA256"), Optional.of("ECDSA"))).build());
            assertThat(update.errorInfo().orElseThrow().message()).startsWith("customCodeSigning of s3://fw/app.bin")
                    .contains("the signature does not verify").contains("CN=fw signer");
        }
    }

    @Test
    void a_custom_certificate_that_is_not_one_or_an_unsupported_algorithm() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        SigningKey key = SigningKey.create("fw signer");

        OtaUpdate notPem = failed(update("fw-1").file(s3("fw", "app.bin", "v1"), new CodeSigning.Custom(
                Optional.of(new CodeSigning.Signature(key.sign(IMAGE))), Optional.empty(),
                Optional.of("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n"), Optional.of("SHA256"),
                Optional.of("ECDSA"))).build());
        OtaUpdate md5 = failed(update("fw-2").file(s3("fw", "app.bin", "v1"), new CodeSigning.Custom(
                Optional.of(new CodeSigning.Signature(key.sign(IMAGE))), Optional.empty(),
                Optional.of(key.certificatePem()), Optional.of("MD5"), Optional.of("ECDSA"))).build());

        assertThat(notPem.errorInfo().orElseThrow().message())
                .endsWith("certificateChain.inlineDocument is not a PEM X.509 certificate");
        assertThat(md5.errorInfo().orElseThrow().message()).contains("hash algorithm MD5 with signature algorithm ECDSA"
                + " is not supported");
    }

    @Test
    void a_job_of_the_same_id_that_exists_already() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        fakes.phases.put("AFR_OTA-fw-1", OtaJobs.Phase.ENDED);

        OtaUpdate update = failed(update("fw-1").file(s3("fw", "app.bin", "v1")).build());

        assertThat(update.errorInfo()).contains(new ErrorInfo("ResourceAlreadyExistsException",
                "job AFR_OTA-fw-1 exists already: delete it, or give the OTA update another id"));
    }

    @Test
    void a_part_that_refuses_fails_the_update_with_its_own_words() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1")).build());
        fakes.streamRefusal = Optional.of(new FleetlineException(ErrorCode.LIMIT_EXCEEDED,
                "An account has at most 10000 streams"));

        OtaUpdate update = tickAndGet("fw-1");

        assertThat(update.status()).isEqualTo(OtaUpdateStatus.CREATE_FAILED);
        assertThat(update.errorInfo()).contains(new ErrorInfo("LimitExceededException",
                "An account has at most 10000 streams"));
        assertThat(fakes.jobs).isEmpty();
    }

    @Test
    void repeated_unexpected_failures_fail_the_update_instead_of_leaving_it_in_progress() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1")).build());
        for (int i = 1; i < OtaUpdates.MAX_ATTEMPTS; i++) {
            fakes.crashAfter.set("createStream");
            fakes.streams.clear();
            assertThat(tickAndGet("fw-1").status()).isEqualTo(OtaUpdateStatus.CREATE_IN_PROGRESS);
        }
        fakes.crashAfter.set("createStream");

        OtaUpdate update = tickAndGet("fw-1");

        assertThat(update.status()).isEqualTo(OtaUpdateStatus.CREATE_FAILED);
        assertThat(update.errorInfo().orElseThrow().code()).isEqualTo("InternalFailureException");
    }

    @Test
    void a_request_wrong_in_itself_is_refused_at_once_and_nothing_is_recorded() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        FileLocation ok = s3("fw", "app.bin", "v1");
        OtaFile nameless = new OtaFile(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(ok),
                Optional.empty(), java.util.Map.of());

        assertRefused(update("x".repeat(57)).file(ok).build(), "so that its job id AFR_OTA-<otaUpdateId> fits");
        assertRefused(update("fw-1").targets("arn:aws:iot:eu-west-1:999999999999:thing/dev-1").file(ok).build(),
                "is not the ARN of a thing or thing group of this account");
        assertRefused(new OtaUpdateRequest("fw-1", Optional.empty(), java.util.List.of(Requests.THING),
                java.util.List.of(OtaProtocol.MQTT), OtaTargetSelection.SNAPSHOT, OtaJobConfig.none(),
                java.util.List.of(nameless), "arn:aws:iam::123456789012:role/ota", java.util.Map.of(),
                java.util.Map.of()), "files[0].fileName is required");
        assertRefused(update("fw-1").file(ok).file(new FileLocation.Stream("s", 1)).build(), "names one stream");
        assertRefused(update("fw-1").file(ok, new CodeSigning.StartSigning(Optional.of("p"), Optional.empty(),
                Optional.empty())).build(), "needs destination.s3Destination");
        assertRefused(update("fw-1").file(ok, new CodeSigning.Custom(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("SHA256"), Optional.of("ECDSA"))).build(),
                "customCodeSigning needs signature.inlineDocument");
        assertThat(store.unfinished()).isEmpty();
    }

    @Test
    void an_id_in_use_is_refused() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1")).build());

        assertThatThrownBy(() -> ota.create(update("fw-1").file(s3("fw", "app.bin", "v1")).build()))
                .isInstanceOfSatisfying(FleetlineException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);
                    assertThat(e.extra()).containsEntry("resourceArn",
                            "arn:aws:iot:eu-west-1:123456789012:otaupdate/fw-1");
                });
    }

    private void assertRefused(OtaUpdateRequest request, String words) {
        assertThatThrownBy(() -> ota.create(request)).isInstanceOfSatisfying(FleetlineException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.getMessage()).contains(words);
        });
    }
}
