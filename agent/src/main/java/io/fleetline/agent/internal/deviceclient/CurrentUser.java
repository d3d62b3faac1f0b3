package io.fleetline.agent.internal.deviceclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user the agent runs as: whether it may run steps as other users depends on it. */
record CurrentUser(int uid, String name) {
    boolean isRoot() {
        return uid == 0;
    }

    /** This process's user, as Linux shows it ({@code /proc/self} belongs to the process's effective user). */
    static CurrentUser ofThisProcess() {
        Path self = Path.of("/proc/self");
        try {
            return new CurrentUser((Integer) Files.getAttribute(self, "unix:uid"), Files.getOwner(self).getName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell which user the agent runs as", e);
        }
    }
}
