package io.fleetline.server;

import io.fleetline.ota.signing.KeySealer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The key that seals the private keys of certificates imported into ACM, {@code signing/sealing.key} in the data
 * directory (owner-only, base64 of 32 random bytes): made at first start, then reused. Without it the stored signing
 * keys cannot be opened, so it is kept with the database's backups, and servers that share one PostgreSQL database
 * share this file too.
 */
final class SigningKeyFile {
    static final String FILE = "signing/sealing.key";

    private SigningKeyFile() {
    }

    static KeySealer loadOrCreate(DataDirectory dir) {
        Path file = dir.root().resolve(FILE);
        if (Files.exists(file)) {
            try {
                return new KeySealer(Base64.getDecoder().decode(Files.readString(file).strip()));
            } catch (IOException | IllegalArgumentException e) {
                throw new StartupException("cannot read the signing key " + file + " (" + e.getMessage() + "); "
                        + "restore it from a backup: the imported signing keys cannot be opened without it", e);
            }
        }
        byte[] key = KeySealer.newKey();
        dir.write(FILE, Base64.getEncoder().encodeToString(key) + "\n", true);
        return new KeySealer(key);
    }
}
