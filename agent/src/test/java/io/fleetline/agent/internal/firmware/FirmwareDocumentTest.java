package io.fleetline.agent.internal.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirmwareDocumentTest {
    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void reads_the_afr_ota_document_with_its_stream_and_url() throws Exception {
        String document = """
                {"afr_ota": {"protocols": ["MQTT", "HTTP"], "streamname": "AFR_OTA-1", "files": [
                  {"filepath": "/app.bin", "filesize": 181304, "fileid": 0, "certfile": "/certs/s.crt",
                   "update_data_url": "https://127.0.0.1:8443/fw/app.bin?x=1", "sig-sha256-ecdsa": "MEUC"}]}}""";

        FirmwareDocument read = FirmwareDocument.parse(document);

        assertThat(FirmwareDocument.isFirmware(document)).isTrue();
        assertThat(read.size()).isEqualTo(181304);
        assertThat(read.streamName()).contains("AFR_OTA-1");
        assertThat(read.url()).contains(URI.create("https://127.0.0.1:8443/fw/app.bin?x=1"));
        assertThat(read.signature()).contains("MEUC");
        assertThat(read.certificatePath()).contains("/certs/s.crt");
    }

    @Test
    void reads_the_tutorials_firmware_update_operation_with_a_signature() throws Exception {
        // AWS's OTA tutorial's document (seed 002), with the signature Fleetline's agent requires
        String document = """
                {"operation": "firmwareUpdate", "version": "2.1.0", "previousVersion": "2.0.5",
                 "firmwareUrl": "https://127.0.0.1:8443/my-iot-firmware/fw.bin?X-Amz-Signature=abc",
                 "checksumAlgorithm": "SHA256", "checksum": "%s", "firmwareSize": 1048576,
                 "signature": {"value": "MEUC", "certificate": "/certs/signer.crt"}}""".formatted(SHA);

        FirmwareDocument read = FirmwareDocument.parse(document);

        assertThat(FirmwareDocument.isFirmware(document)).isTrue();
        assertThat(read.version()).contains("2.1.0");
        assertThat(read.size()).isEqualTo(1048576);
        assertThat(read.sha256()).contains(SHA);
        assertThat(read.url()).contains(URI.create("https://127.0.0.1:8443/my-iot-firmware/fw.bin?X-Amz-Signature=abc"));
        assertThat(read.streamName()).isEmpty();
        assertThat(read.signature()).contains("MEUC");
    }

    @Test
    void the_recipes_members_firmware_version_and_download_url_are_read_too() throws Exception {
        // seed 003's names for the same facts
        FirmwareDocument read = FirmwareDocument.parse("""
                {"operation": "firmwareUpdate", "firmwareVersion": "v2.1.0", "downloadUrl": "https://h/fw.bin",
                 "checksumAlgorithm": "SHA256", "checksum": "%s", "firmwareSize": 10}""".formatted(SHA));

        assertThat(read.version()).contains("v2.1.0");
        assertThat(read.url()).contains(URI.create("https://h/fw.bin"));
        assertThat(read.signature()).isEqualTo(Optional.empty());
    }

    @Test
    void refuses_what_it_cannot_check_or_fetch_with_the_reason() {
        assertThatThrownBy(() -> FirmwareDocument.parse("""
                {"operation": "firmwareUpdate", "firmwareUrl": "https://h/fw.bin", "checksumAlgorithm": "MD5",
                 "checksum": "abc", "firmwareSize": 10}"""))
                .hasMessageContaining("SHA256 checksums").hasMessageContaining("MD5");
        assertThatThrownBy(() -> FirmwareDocument.parse("""
                {"operation": "firmwareUpdate", "firmwareUrl": "http://h/fw.bin", "firmwareSize": 10}"""))
                .hasMessageContaining("HTTPS only");
        assertThatThrownBy(() -> FirmwareDocument.parse("""
                {"operation": "firmwareUpdate", "firmwareUrl": "https://h/fw.bin"}"""))
                .hasMessageContaining("size is not given");
        assertThatThrownBy(() -> FirmwareDocument.parse("{\"operation\": \"firmwareUpdate\"}"))
                .hasMessageContaining("no firmwareUrl");
    }

    @Test
    void a_document_naming_a_member_twice_is_refused_with_the_reason() {
        // which of two URLs counts is a guess parsers take differently: a lenient one would fetch the second
        String twice = """
                {"fleetline_ota": {"files": [{"url": "https://h/fw.bin", "size": 10, "url": "https://evil/fw.bin",
                 "signature": {"value": "MEUC"}}]}}""";

        assertThatThrownBy(() -> FirmwareDocument.parse(twice))
                .hasMessage("the job document is not valid JSON: Duplicate field 'url'");
        assertThat(FirmwareDocument.isFirmware(twice)).isFalse();
    }

    @Test
    void other_operations_are_not_firmware_updates() {
        assertThat(FirmwareDocument.isFirmware("{\"operation\": \"reboot\"}")).isFalse();
        assertThat(FirmwareDocument.isFirmware("{\"version\": \"1.0\", \"steps\": []}")).isFalse();
        assertThat(FirmwareDocument.isFirmware("not json")).isFalse();
    }
}
