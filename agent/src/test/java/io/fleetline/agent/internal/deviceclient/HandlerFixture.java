package io.fleetline.agent.internal.deviceclient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A handler directory in a temporary directory, with scripts written into it. */
final class HandlerFixture {
    private final Path directory;

    private HandlerFixture(Path directory) {
        this.directory = directory;
    }

    /** A handler directory of mode 0700 under {@code parent}. */
    static HandlerFixture in(Path parent) throws IOException {
        Path directory = Files.createDirectories(parent.resolve("handlers"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return new HandlerFixture(directory);
    }

    Path directory() {
        return directory;
    }

    /** Writes a {@code /bin/sh} handler of mode 0700. */
    Path script(String name, String body) throws IOException {
        Path script = directory.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    void mode(String permissions) throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(permissions));
    }
}
