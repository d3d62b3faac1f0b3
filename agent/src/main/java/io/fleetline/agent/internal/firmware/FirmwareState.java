package io.fleetline.agent.internal.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.agent.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a firmware update stands, in {@code firmware.json} of the job's work directory, written atomically before
 * each transition: a restart (or a reboot) carries on from the phase it says, or rolls back.
 *
 * @param version  the image's version, once known
 * @param previous the version the device ran when the update began
 * @param reason   why it was rolled back ({@link Phase#ROLLED_BACK})
 */
record FirmwareState(Phase phase, Optional<String> version, String previous, Optional<String> reason) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "firmware.json";

    /** The phases, in order. */
    enum Phase {
        /** The image is being downloaded into the work file. */
        DOWNLOADING,
        /** The work file holds the verified image. */
        VERIFIED,
        /** The inactive slot is being written. */
        APPLYING,
        /** The inactive slot holds the image; the switch to it is next. */
        SWITCHING,
        /** The slots boot the new image next, on trial: the device reboots. */
        REBOOTING,
        /** Booted on trial: the health check runs. */
        SELF_TEST,
        /** The new image passed and is confirmed. */
        CONFIRMED,
        /** The new image failed its check; the slots went back to the previous one. */
        ROLLED_BACK
    }

    FirmwareState to(Phase next) {
        return new FirmwareState(next, version, previous, reason);
    }

    FirmwareState withVersion(String known) {
        return new FirmwareState(phase, Optional.of(known), previous, reason);
    }

    FirmwareState rolledBack(String why) {
        return new FirmwareState(Phase.ROLLED_BACK, version, previous, Optional.of(why));
    }

    static Optional<FirmwareState> read(Path workDirectory) throws IOException {
        Path file = workDirectory.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(Files.readAllBytes(file));
        return Optional.of(new FirmwareState(Phase.valueOf(node.path("phase").asText().toUpperCase(Locale.ROOT)),
                text(node, "version"), node.path("previous").asText(), text(node, "reason")));
    }

    /** Writes this state over the last, whole or not at all. */
    FirmwareState write(Path workDirectory, AtomicFiles files) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("phase", phase.name().toLowerCase(Locale.ROOT));
        version.ifPresent(v -> node.put("version", v));
        node.put("previous", previous);
        reason.ifPresent(r -> node.put("reason", r));
        files.write(workDirectory.resolve(FILE), JSON.writeValueAsBytes(node));
        return this;
    }

    private static Optional<String> text(JsonNode node, String member) {
        return node.hasNonNull(member) ? Optional.of(node.get(member).asText()) : Optional.empty();
    }
}
