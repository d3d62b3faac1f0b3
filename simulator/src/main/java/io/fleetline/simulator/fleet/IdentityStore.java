package io.fleetline.simulator.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The simulated devices' identities on disk, one JSON file each under {@code identities/} of the simulator's state
 * directory, so that a later run with the same group connects the same things with the same certificates.
 */
final class IdentityStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path directory;

    IdentityStore(Path stateDirectory) {
        this.directory = stateDirectory.resolve("identities");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<DeviceIdentity> find(String thingName) {
        Path file = file(thingName);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), DeviceIdentity.class))
                    .filter(identity -> identity.thingName().equals(thingName));
        } catch (IOException e) {
            return Optional.empty();  // a file cut short by a kill: the device is provisioned again
        }
    }

    /** Writes the identity whole or not at all. */
    void save(DeviceIdentity identity) {
        Path file = file(identity.thingName());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            JSON.writeValue(partial.toFile(), identity);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String thingName) {
        return directory.resolve(thingName + ".json");
    }
}
