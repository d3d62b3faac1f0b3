package io.fleetline.agent.internal.deviceclient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user the agent runs as: whether it may run steps as other users depends on it. Where the system does not say
 * (no {@code /proc}), the agent is an unknown user that runs steps only as itself.
 */
record CurrentUser(int uid, String name) {
    static final CurrentUser UNKNOWN = new CurrentUser(-1, "an unknown user");

    boolean isRoot() {
        return uid == 0;
    }

    /** This process's user, as Linux shows it ({@code /proc/self} belongs to the process's effective user). */
    static CurrentUser ofThisProcess() {
        Path self = Path.of("/proc/self");
        try {
            return new CurrentUser((Integer) Files.getAttribute(self, "unix:uid"), Files.getOwner(self).getName());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
