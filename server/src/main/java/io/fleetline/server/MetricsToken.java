package io.fleetline.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bearer token of {@code --metrics-token-file}: the file's one line, read once at start. */
final class MetricsToken {
    /** More than any token needs: a file this large is not a token file. */
    static final int MAX_BYTES = 4096;

    private MetricsToken() {
    }

    /** The token in {@code file}, surrounding whitespace left out; a file that holds none stops the start. */
    static String read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new StartupException("--metrics-token-file " + file + " is larger than " + MAX_BYTES
                        + " bytes: not a token");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StartupException("cannot read --metrics-token-file " + file + " (" + e.getMessage() + ")", e);
        }
        String token = new String(bytes, StandardCharsets.UTF_8).strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new StartupException("--metrics-token-file " + file + " must hold one token of printable ASCII "
                    + "characters without spaces");
        }
        return token;
    }
}
