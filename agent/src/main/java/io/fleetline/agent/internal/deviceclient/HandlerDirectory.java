package io.fleetline.agent.internal.deviceclient;

import io.fleetline.agent.internal.deviceclient.JobDocument.HandlerInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where {@code runHandler} steps find their handlers. As the Device Client requires, a handler directory has mode
 * 0700: only the agent's user may put a handler there, so a job can run only what that user installed. A handler
 * must be executable and writable by its owner alone. The directory and the handler must belong to the agent's user or
 * to root: another user owning either could change what a job runs.
 */
final class HandlerDirectory {
    static final Set<PosixFilePermission> MODE_0700 = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private final Path directory;
    private final CurrentUser agent;

    HandlerDirectory(Path directory, CurrentUser agent) {
        this.directory = directory.toAbsolutePath().normalize();
        this.agent = agent;
    }


    /** The handler file a step runs, checked. */
    Path handler(HandlerInput input) throws StepRefused {
        Path dir = input.inHandlerDirectory() ? directory : Path.of(input.directory()).normalize();
        checkDirectory(dir);
        Path handler = dir.resolve(input.handler());
        PosixFileAttributes file = attributes(handler, "there is no handler " + input.handler() + " in " + dir);
        if (!file.isRegularFile()) {
            throw new StepRefused("handler " + handler + " is not a file");
        }
        checkOwner(handler, "handler " + handler);
        Set<PosixFilePermission> mode = file.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new StepRefused("handler " + handler + " has mode " + octal(mode)
                    + ": others than its owner may change it, so the agent does not run it (use 0700)");
        }
        if (!mode.contains(PosixFilePermission.OWNER_EXECUTE)) {
            throw new StepRefused("handler " + handler + " is not executable (mode " + octal(mode) + ")");
        }
        return handler;
    }

    private void checkDirectory(Path dir) throws StepRefused {
        PosixFileAttributes attributes = attributes(dir, "handler directory " + dir + " does not exist");
        if (!attributes.isDirectory()) {
            throw new StepRefused("handler directory " + dir + " is not a directory");
        }
        if (!attributes.permissions().equals(MODE_0700)) {
            throw new StepRefused("handler directory " + dir + " has mode " + octal(attributes.permissions())
                    + "; it must be 0700 (only the agent's user may read, change or enter it)");
        }
        checkOwner(dir, "handler directory " + dir);
    }

    /** Refuses a file that belongs to neither the agent's user nor root (where the agent knows its user). */
    private void checkOwner(Path path, String what) throws StepRefused {
        if (agent.uid() < 0) {
            return;
        }
        int owner;
        String name;
        try {
            owner = (Integer) Files.getAttribute(path, "unix:uid");
            name = Files.getOwner(path).getName();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new StepRefused("cannot tell who owns " + path + ": " + e.getMessage());
        }
        if (owner != 0 && owner != agent.uid()) {
            throw new StepRefused(what + " belongs to " + name + " (uid " + owner + "); it must belong to the "
                    + "agent's user (" + agent.name() + ") or root, so that no one else can change what a job runs");
        }
    }

    private static PosixFileAttributes attributes(Path path, String missing) throws StepRefused {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new StepRefused(missing);
        } catch (IOException e) {
            throw new StepRefused("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** A mode as {@code ls} and {@code chmod} spell it: 0755. */
    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
