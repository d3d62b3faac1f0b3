package io.fleetline.console.session;

import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.auth.AccessKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions, in memory (a restart signs everyone out). Sign-in checks an access key id and secret against
 * the same key store SigV4 uses and always makes a new random id, so an id planted before sign-in is never the one
 * after. Every use checks expiry (idle and absolute, on the injected clock) and that the key still exists with the same
 * secret: a removed or rotated key ends its sessions at their next request.
 */
public final class Sessions {
    private static final int ID_BYTES = 32;
    private final AccessKeyStore keys;
    private final Clock clock;
    private final SessionSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> open = new ConcurrentHashMap<>();

    public Sessions(AccessKeyStore keys, Clock clock, SessionSettings settings) {
        this.keys = keys;
        this.clock = clock;
        this.settings = settings;
    }

    /** What a sign-in came to. */
    public sealed interface SignIn {
        record SignedIn(Session session) implements SignIn {
        }

        /** Unknown key or wrong secret: one answer for both, so the form does not tell which. */
        record Refused() implements SignIn {
        }

        record TooManySessions() implements SignIn {
        }
    }

    /** Checks the key pair and, when it matches, opens a session with a fresh id and CSRF token. */
    public SignIn signIn(String accessKeyId, String secretKey) {
        Optional<AccessKey> key = keys.find(accessKeyId);
        byte[] presented = digest(secretKey);
        // compared whether or not the key exists, in constant time, so timing tells no more than the answer
        byte[] expected = key.map(k -> digest(k.secret())).orElseGet(() -> new byte[presented.length]);
        if (!MessageDigest.isEqual(presented, expected) || key.isEmpty()) {
            return new SignIn.Refused();
        }
        expireAll();
        if (open.size() >= settings.maxSessions()) {
            return new SignIn.TooManySessions();
        }
        Instant now = clock.instant();
        Session session = new Session(randomToken(), accessKeyId, expected, randomToken(), now, now);
        open.put(session.id(), session);
        return new SignIn.SignedIn(session);
    }

    /**
     * The live session with this id, touched (its idle time starts again); empty when there is none, it expired, or its
     * key was removed or given another secret (the session is then ended).
     */
    public Optional<Session> use(String id) {
        Session session = open.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now) || !keyStillHolds(session)) {
            open.remove(id);
            return Optional.empty();
        }
        Session touched = session.touched(now);
        open.replace(id, session, touched);
        return Optional.of(touched);
    }

    /**
     * Whether the session is still good, without touching it: a live stream asks this on each update, which must not
     * keep an idle console signed in for ever.
     */
    public boolean stillValid(String id) {
        Session session = open.get(id);
        if (session == null || expired(session, clock.instant()) || !keyStillHolds(session)) {
            open.remove(id);
            return false;
        }
        return true;
    }

    public void signOut(String id) {
        open.remove(id);
    }

    /** Sessions open now (expired ones are dropped at the next sign-in). */
    public int size() {
        return open.size();
    }

    private boolean expired(Session session, Instant now) {
        return !now.isBefore(session.lastSeenAt().plus(settings.idle()))
                || !now.isBefore(session.createdAt().plus(settings.absolute()));
    }

    private boolean keyStillHolds(Session session) {
        return keys.find(session.accessKeyId())
                .map(key -> MessageDigest.isEqual(digest(key.secret()), session.secretDigest()))
                .orElse(false);
    }

    private void expireAll() {
        Instant now = clock.instant();
        open.values().removeIf(session -> expired(session, now));
    }

    private String randomToken() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
