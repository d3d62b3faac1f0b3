package io.fleetline.console.session;

import java.time.Instant;

/**
 * A signed-in console session: its id (the cookie's value), the access key it signed in with, the CSRF token its forms
 * carry, and when it began and was last used.
 *
 * @param secretDigest SHA-256 of the secret it signed in with: a key whose secret changed no longer holds the session
 */
public record Session(String id, String accessKeyId, byte[] secretDigest, String csrfToken, Instant createdAt,
                      Instant lastSeenAt) {
    Session touched(Instant now) {
        return new Session(id, accessKeyId, secretDigest, csrfToken, createdAt, now);
    }

    @Override
    public String toString() {
        return "Session[" + accessKeyId + "]";  // never the id or the token in a log
    }
}
