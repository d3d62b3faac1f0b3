package io.fleetline.ota.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AfrOtaDocumentTest {
    private static final String STREAM = "AFR_OTA-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private static final String URL = "${aws:iot:s3-presigned-url:https://s3.eu-west-1.amazonaws.com/fw/app.bin}";

    private static AfrOtaDocument.Entry entry() {
        return new AfrOtaDocument.Entry("/device/app.bin", 181_304, 0, Optional.of("/certs/ecdsasigner.crt"),
                Optional.of(2), Optional.empty(), URL, Optional.of("sig-sha256-ecdsa"), Optional.of("MEUCIQD+sig=="));
    }

    @Test
    void an_mqtt_document_names_the_stream_and_no_url() {
        String document = AfrOtaDocument.build(List.of(OtaProtocol.MQTT), Optional.of(STREAM), List.of(entry()));

        assertThat(document).isEqualTo("{\"afr_ota\":{\"protocols\":[\"MQTT\"],\"streamname\":\"" + STREAM + "\","
                + "\"files\":[{\"filepath\":\"/device/app.bin\",\"filesize\":181304,\"fileid\":0,"
                + "\"certfile\":\"/certs/ecdsasigner.crt\",\"fileType\":2,\"sig-sha256-ecdsa\":\"MEUCIQD+sig==\"}]}}");
    }

    @Test
    void an_http_document_carries_the_presigned_placeholder_and_its_auth_scheme() {
        String document = AfrOtaDocument.build(List.of(OtaProtocol.HTTP), Optional.of(STREAM), List.of(entry()));

        assertThat(document).isEqualTo("{\"afr_ota\":{\"protocols\":[\"HTTP\"],"
                + "\"files\":[{\"filepath\":\"/device/app.bin\",\"filesize\":181304,\"fileid\":0,"
                + "\"certfile\":\"/certs/ecdsasigner.crt\",\"fileType\":2,\"update_data_url\":\"" + URL + "\","
                + "\"auth_scheme\":\"aws.s3.presigned\",\"sig-sha256-ecdsa\":\"MEUCIQD+sig==\"}]}}");
    }

    @Test
    void a_file_version_goes_to_the_device_as_fileversion_after_the_file_type() {
        AfrOtaDocument.Entry versioned = new AfrOtaDocument.Entry("/device/app.bin", 181_304, 0, Optional.empty(),
                Optional.of(2), Optional.of("2.1.0"), URL, Optional.empty(), Optional.empty());

        String document = AfrOtaDocument.build(List.of(OtaProtocol.MQTT), Optional.of(STREAM), List.of(versioned));

        assertThat(document).isEqualTo("{\"afr_ota\":{\"protocols\":[\"MQTT\"],\"streamname\":\"" + STREAM + "\","
                + "\"files\":[{\"filepath\":\"/device/app.bin\",\"filesize\":181304,\"fileid\":0,\"fileType\":2,"
                + "\"fileversion\":\"2.1.0\"}]}}");
    }

    @Test
    void both_protocols_in_the_order_given_and_absent_members_left_out() {
        AfrOtaDocument.Entry bare = new AfrOtaDocument.Entry("app", 10, 3, Optional.empty(), Optional.empty(),
                Optional.empty(), URL, Optional.empty(), Optional.empty());

        String document = AfrOtaDocument.build(List.of(OtaProtocol.HTTP, OtaProtocol.MQTT), Optional.of(STREAM),
                List.of(bare));

        assertThat(document).isEqualTo("{\"afr_ota\":{\"protocols\":[\"HTTP\",\"MQTT\"],\"streamname\":\"" + STREAM
                + "\",\"files\":[{\"filepath\":\"app\",\"filesize\":10,\"fileid\":3,\"update_data_url\":\"" + URL
                + "\",\"auth_scheme\":\"aws.s3.presigned\"}]}}");
    }

    @Test
    void the_signature_key_is_built_from_both_algorithms_in_lower_case() {
        assertThat(AfrOtaDocument.signatureKey("SHA256", "ECDSA")).isEqualTo("sig-sha256-ecdsa");
        assertThat(AfrOtaDocument.signatureKey("SHA-256", "RSA")).isEqualTo("sig-sha256-rsa");
    }

    @Test
    void the_placeholder_names_the_version_path_style_with_its_key_encoded() {
        assertThat(AfrOtaDocument.presignedPlaceholder("eu-west-1", new S3File("fw", "builds/v 2/app}.bin", "v+1")))
                .isEqualTo("${aws:iot:s3-presigned-url:https://s3.eu-west-1.amazonaws.com/fw/builds/v%202/app%7D.bin"
                        + "?versionId=v%2B1}");
        assertThat(AfrOtaDocument.presignedPlaceholder("eu-west-1", new S3File("fw", "app.bin", "null")))
                .as("an object of a bucket never versioned").isEqualTo(
                        "${aws:iot:s3-presigned-url:https://s3.eu-west-1.amazonaws.com/fw/app.bin}");
    }

    @Test
    void stream_ids_made_for_updates_have_the_44_characters_agents_expect() {
        assertThat(STREAM).hasSize(44);
        assertThat(OtaUpdates.JOB_PREFIX + java.util.UUID.randomUUID()).hasSize(44);
    }
}
