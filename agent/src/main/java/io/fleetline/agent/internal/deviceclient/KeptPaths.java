package io.fleetline.agent.internal.deviceclient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The directories the agent keeps for itself, which AWS-Download-File may not write into: its state directory (the
 * journal, the slots), its handler directory (a planted handler would run with the agent's rights) and its
 * code-signing certificates (a planted certificate would vouch for any image). A destination is judged where it
 * really is: relative to the job's work directory, {@code ..} and the symbolic links of its existing parents
 * followed, as the handler's {@code mv} would follow them.
 */
final class KeptPaths {
    /** The handler that writes where a job says: {@code download-file.sh USER URL FILE}. */
    static final String DOWNLOAD_HANDLER = "download-file.sh";
    private static final int MAX_LINKS = 40;
    private final List<Path> directories;

    KeptPaths(List<Path> directories) {
        this.directories = directories.stream().map(path -> path.toAbsolutePath().normalize()).toList();
    }

    /** Refuses a destination {@code file} (as a job names it) inside one of the kept directories. */
    void checkDestination(String file, Path workDirectory) throws StepRefused {
        Path target;
        try {
            target = real(workDirectory.resolve(file));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new StepRefused("cannot tell where the file " + file + " would be written: " + e.getMessage());
        }
        for (Path directory : directories) {
            Path kept;
            try {
                kept = real(directory);
            } catch (IOException e) {
                continue;
            }
            if (target.startsWith(kept)) {
                throw new StepRefused("the file " + file + " is in " + directory + (target.toString().equals(file)
                        ? "" : " (it is " + target + ")") + ", which the agent keeps for itself; it does not "
                        + "download into it");
            }
        }
    }

    /**
     * Where {@code path} really is: its deepest existing ancestor with every link followed, then the rest of its names
     * ({@code ..} going up). A last name that is a link is followed too, whether or not it points at something.
     */
    static Path real(Path path) throws IOException {
        return real(path, 0);
    }

    private static Path real(Path path, int links) throws IOException {
        if (links > MAX_LINKS) {
            throw new IOException("too many levels of symbolic links at " + path);
        }
        Path absolute = path.toAbsolutePath();
        Deque<String> rest = new ArrayDeque<>();
        Path existing = absolute;
        while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest.push(existing.getFileName().toString());
            existing = existing.getParent();
        }
        Path real;
        if (Files.isSymbolicLink(existing) && !Files.exists(existing)) {
            Path link = Files.readSymbolicLink(existing);
            // dangling: where the link would create its file
            real = real(existing.getParent().resolve(link), links + 1);
        } else {
            real = existing.toRealPath();
        }
        for (String name : rest) {
            if (name.equals("..")) {
                real = real.getParent() == null ? real : real.getParent();
            } else if (!name.equals(".")) {
                real = real.resolve(name);
            }
        }
        return real;
    }
}
