package io.fleetline.ota.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Given-style CreateOTAUpdate requests: {@code Requests.update("fw-1").file(...).build()}. */
final class Requests {
    static final String THING = "arn:aws:iot:eu-west-1:123456789012:thing/dev-1";
    static final String GROUP = "arn:aws:iot:eu-west-1:123456789012:thinggroup/fleet";

    private String id;
    private List<String> targets = List.of(THING);
    private List<OtaProtocol> protocols = List.of(OtaProtocol.MQTT);
    private OtaJobConfig config = OtaJobConfig.none();
    private final List<OtaFile> files = new ArrayList<>();

    static Requests update(String id) {
        Requests r = new Requests();
        r.id = id;
        return r;
    }

    static OtaFile file(FileLocation location, Optional<CodeSigning> signing) {
        return new OtaFile(Optional.of("/device/app.bin"), Optional.of(1), Optional.of("2.1.0"), Optional.of(location),
                signing, Map.of("build", "42"));
    }

    static FileLocation.S3Location s3(String bucket, String key, String version) {
        return new FileLocation.S3Location(bucket, key, Optional.ofNullable(version));
    }

    Requests file(FileLocation location) {
        files.add(file(location, Optional.empty()));
        return this;
    }

    Requests file(FileLocation location, CodeSigning signing) {
        files.add(file(location, Optional.of(signing)));
        return this;
    }

    Requests targets(String... arns) {
        targets = List.of(arns);
        return this;
    }

    Requests protocols(OtaProtocol... chosen) {
        protocols = List.of(chosen);
        return this;
    }

    Requests config(OtaJobConfig jobConfig) {
        config = jobConfig;
        return this;
    }

    OtaUpdateRequest build() {
        return new OtaUpdateRequest(id, Optional.of("firmware 2.1.0"), targets, protocols, OtaTargetSelection.SNAPSHOT,
                config, files, "arn:aws:iam::123456789012:role/ota", Map.of("k", "v"), Map.of("team", "fw"));
    }
}
