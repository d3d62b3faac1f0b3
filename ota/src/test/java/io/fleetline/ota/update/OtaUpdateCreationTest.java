package io.fleetline.ota.update;

import static io.fleetline.ota.update.Requests.s3;
import static io.fleetline.ota.update.Requests.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OtaUpdateCreationTest extends OtaFixture {

    @Test
    void creation_answers_pending_and_the_next_tick_makes_stream_and_job() {
        S3File image = fakes.put("fw", "app.bin", "v1", IMAGE);

        OtaUpdate created = ota.create(update("fw-1").file(s3("fw", "app.bin", "v1")).build());

        assertThat(created.status()).isEqualTo(OtaUpdateStatus.CREATE_PENDING);
        assertThat(created.jobId()).isEmpty();
        assertThat(created.arn()).isEqualTo("arn:aws:iot:eu-west-1:123456789012:otaupdate/fw-1");
        assertThat(fakes.jobs).isEmpty();

        OtaUpdate done = tickAndGet("fw-1");

        assertThat(done.status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        assertThat(done.errorInfo()).isEmpty();
        assertThat(done.jobId()).contains("AFR_OTA-fw-1");
        assertThat(done.jobArn()).contains("arn:aws:iot:eu-west-1:123456789012:job/AFR_OTA-fw-1");
        String stream = done.createdStream().orElseThrow();
        assertThat(stream).startsWith("AFR_OTA-").hasSize(44);
        assertThat(fakes.streams.get(stream)).containsExactly(new OtaStreams.Source(0, image));
        OtaJobs.Spec job = fakes.jobs.get("AFR_OTA-fw-1");
        assertThat(job.targets()).containsExactly(Requests.THING);
        assertThat(job.presignedUrlExpiresInSec()).isEqualTo(1_800);
        assertThat(job.document()).isEqualTo("{\"afr_ota\":{\"protocols\":[\"MQTT\"],\"streamname\":\"" + stream
                + "\",\"files\":[{\"filepath\":\"/device/app.bin\",\"filesize\":" + IMAGE.length
                + ",\"fileid\":0,\"fileType\":1,\"fileversion\":\"2.1.0\"}]}}");
    }

    @Test
    void the_latest_version_is_pinned_when_none_is_named() {
        fakes.put("fw", "app.bin", "v1", "old".getBytes(StandardCharsets.UTF_8));
        S3File latest = fakes.put("fw", "app.bin", "v2", IMAGE);

        ota.create(update("fw-1").file(s3("fw", "app.bin", null)).build());
        OtaUpdate done = tickAndGet("fw-1");

        assertThat(fakes.streams.get(done.createdStream().orElseThrow()))
                .containsExactly(new OtaStreams.Source(0, latest));
    }

    @Test
    void a_signer_job_gives_the_signed_object_its_signature_and_the_certificate_path() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        S3File signed = fakes.put("fw", "signed/app.bin", "s1", IMAGE);
        byte[] signature = {0x30, 0x44, 0x02, 0x20, 7, 7, 7};
        fakes.signingJobs.put("sj-1", new OtaSigning.Job(OtaSigning.Status.SUCCEEDED, Optional.empty(),
                Optional.of(new OtaSigning.Signed(signed, signature, "SHA256", "ECDSA",
                        Optional.of("/certs/ecdsasigner.crt")))));

        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1"), new CodeSigning.SignerJob("sj-1")).build());
        OtaUpdate done = tickAndGet("fw-1");

        assertThat(done.status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        assertThat(fakes.streams.get(done.createdStream().orElseThrow()))
                .containsExactly(new OtaStreams.Source(0, signed));
        JsonNode file = document("AFR_OTA-fw-1").path("afr_ota").path("files").get(0);
        assertThat(file.path("certfile").asText()).isEqualTo("/certs/ecdsasigner.crt");
        assertThat(file.path("sig-sha256-ecdsa").asText()).isEqualTo(Base64.getEncoder().encodeToString(signature));
    }

    @Test
    void an_update_waits_for_its_signing_job_and_completes_when_it_succeeds() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        fakes.signingJobs.put("sj-1", new OtaSigning.Job(OtaSigning.Status.IN_PROGRESS, Optional.empty(),
                Optional.empty()));
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1"), new CodeSigning.SignerJob("sj-1")).build());

        assertThat(tickAndGet("fw-1").status()).isEqualTo(OtaUpdateStatus.CREATE_IN_PROGRESS);
        assertThat(fakes.jobs).isEmpty();

        fakes.signingJobs.put("sj-1", new OtaSigning.Job(OtaSigning.Status.SUCCEEDED, Optional.empty(),
                Optional.of(new OtaSigning.Signed(new S3File("fw", "app.bin", "v1"), new byte[] {0x30, 1}, "SHA256",
                        "ECDSA", Optional.empty()))));
        clock.advance(Duration.ofMinutes(1));
        assertThat(tickAndGet("fw-1").status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
    }

    @Test
    void a_started_signing_job_is_started_once_even_when_the_process_dies_right_after() {
        S3File source = fakes.put("fw", "app.bin", "v1", IMAGE);
        CodeSigning start = new CodeSigning.StartSigning(Optional.of("fw_signer"), Optional.empty(),
                Optional.of(new CodeSigning.Destination("fw", Optional.of("signed/"))));
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1"), start).build());
        fakes.crashAfter.set("startSigning");

        ota.tick();
        restart();
        ota.tick();

        assertThat(fakes.signingStarted).hasSize(1);
        OtaSigning.Request asked = fakes.signingStarted.values().iterator().next();
        assertThat(asked.source()).isEqualTo(source);
        assertThat(asked.profileName()).contains("fw_signer");
        assertThat(asked.destinationBucket()).isEqualTo("fw");
        assertThat(asked.destinationPrefix()).contains("signed/");
        String jobId = fakes.signingStarted.keySet().iterator().next();
        assertThat(ota.get("fw-1").progress().signingJobs()).containsEntry(0, jobId);

        S3File signed = fakes.put("fw", "signed/app.bin", "s1", IMAGE);
        fakes.signingJobs.put(jobId, new OtaSigning.Job(OtaSigning.Status.SUCCEEDED, Optional.empty(),
                Optional.of(new OtaSigning.Signed(signed, new byte[] {0x30, 2}, "SHA256", "ECDSA", Optional.empty()))));
        OtaUpdate done = tickAndGet("fw-1");
        assertThat(done.status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        assertThat(fakes.streams.get(done.createdStream().orElseThrow()))
                .containsExactly(new OtaStreams.Source(0, signed));
    }

    @Test
    void a_custom_signature_that_verifies_goes_into_the_document_as_base64_der() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        SigningKey key = SigningKey.create("fw signer");
        byte[] der = key.sign(IMAGE);
        // AWS's tools send the base64 text of the signature as the blob's bytes
        byte[] asSent = Base64.getEncoder().encode(der);
        CodeSigning custom = new CodeSigning.Custom(Optional.of(new CodeSigning.Signature(asSent)),
                Optional.of("/certs/fw.crt"), Optional.of(key.certificatePem()), Optional.of("SHA256"),
                Optional.of("ECDSA"));

        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1"), custom).build());
        OtaUpdate done = tickAndGet("fw-1");

        assertThat(done.status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        JsonNode file = document("AFR_OTA-fw-1").path("afr_ota").path("files").get(0);
        assertThat(file.path("sig-sha256-ecdsa").asText()).isEqualTo(Base64.getEncoder().encodeToString(der));
        assertThat(file.path("certfile").asText()).isEqualTo("/certs/fw.crt");
    }

    @Test
    void an_http_update_makes_no_stream_and_points_devices_at_a_presigned_placeholder() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        ota.create(update("fw-1").protocols(OtaProtocol.HTTP).file(s3("fw", "app.bin", "v1"))
                .config(new OtaJobConfig(Optional.empty(), Optional.of(600L), List.of(), Optional.of(30L))).build());

        OtaUpdate done = tickAndGet("fw-1");

        assertThat(done.status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        assertThat(done.createdStream()).isEmpty();
        assertThat(fakes.streams).isEmpty();
        JsonNode ota = document("AFR_OTA-fw-1").path("afr_ota");
        assertThat(ota.has("streamname")).isFalse();
        assertThat(ota.path("files").get(0).path("update_data_url").asText())
                .isEqualTo("${aws:iot:s3-presigned-url:https://s3.eu-west-1.amazonaws.com/fw/app.bin?versionId=v1}");
        assertThat(ota.path("files").get(0).path("auth_scheme").asText()).isEqualTo("aws.s3.presigned");
        OtaJobs.Spec job = fakes.jobs.get("AFR_OTA-fw-1");
        assertThat(job.presignedUrlExpiresInSec()).isEqualTo(600);
        assertThat(job.inProgressTimeoutMinutes()).contains(30L);
    }

    @Test
    void a_file_of_a_user_stream_is_sent_from_that_stream() {
        S3File image = fakes.put("fw", "app.bin", "v1", IMAGE);
        fakes.streamFiles.put("my-stream#3", new OtaStreams.StreamedFile(image, IMAGE.length));

        ota.create(update("fw-1").file(new FileLocation.Stream("my-stream", 3)).build());
        OtaUpdate done = tickAndGet("fw-1");

        assertThat(done.status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        assertThat(done.createdStream()).isEmpty();
        assertThat(fakes.streamsCreated).isEmpty();
        JsonNode ota = document("AFR_OTA-fw-1").path("afr_ota");
        assertThat(ota.path("streamname").asText()).isEqualTo("my-stream");
        assertThat(ota.path("files").get(0).path("fileid").asInt()).isEqualTo(3);
        assertThat(ota.path("files").get(0).path("filesize").asLong()).isEqualTo(IMAGE.length);
    }

    @Test
    void a_stop_after_the_stream_was_made_neither_loses_nor_duplicates_it() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1")).build());
        fakes.crashAfter.set("createStream");

        assertThat(tickAndGet("fw-1").status()).isEqualTo(OtaUpdateStatus.CREATE_IN_PROGRESS);
        restart();
        OtaUpdate done = tickAndGet("fw-1");

        assertThat(done.status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        assertThat(fakes.streamsCreated).containsExactly(done.createdStream().orElseThrow());
        assertThat(fakes.jobsCreated).containsExactly("AFR_OTA-fw-1");
    }

    @Test
    void a_stop_after_the_job_was_made_completes_the_update_with_that_job() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        ota.create(update("fw-1").file(s3("fw", "app.bin", "v1")).build());
        fakes.crashAfter.set("createJob");

        assertThat(tickAndGet("fw-1").status()).isEqualTo(OtaUpdateStatus.CREATE_IN_PROGRESS);
        restart();
        OtaUpdate done = tickAndGet("fw-1");

        assertThat(done.status()).isEqualTo(OtaUpdateStatus.CREATE_COMPLETE);
        assertThat(done.jobArn()).contains("arn:aws:iot:eu-west-1:123456789012:job/AFR_OTA-fw-1");
        assertThat(fakes.jobsCreated).containsExactly("AFR_OTA-fw-1");
        assertThat(fakes.streamsCreated).hasSize(1);
    }

    @Test
    void updates_are_listed_by_id_page_by_page_and_by_status() {
        fakes.put("fw", "app.bin", "v1", IMAGE);
        for (String id : List.of("c", "a", "b")) {
            ota.create(update(id).file(s3("fw", "app.bin", "v1")).build());
        }
        ota.create(update("d").file(s3("fw", "missing.bin", "v1")).build());
        ota.tick();

        var first = ota.list(Optional.empty(), new io.fleetline.core.page.PageRequest(2, Optional.empty()));
        assertThat(first.items()).extracting(OtaUpdate::id).containsExactly("a", "b");
        var second = ota.list(Optional.empty(), io.fleetline.core.page.PageRequest.of(2, first.nextToken().get(), 50));
        assertThat(second.items()).extracting(OtaUpdate::id).containsExactly("c", "d");
        assertThat(second.nextToken()).isEmpty();
        assertThat(ota.list(Optional.of(OtaUpdateStatus.CREATE_FAILED),
                new io.fleetline.core.page.PageRequest(50, Optional.empty())).items())
                .extracting(OtaUpdate::id).containsExactly("d");
    }
}
