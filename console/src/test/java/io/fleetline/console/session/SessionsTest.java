package io.fleetline.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.auth.AccessKeyStore;
import io.fleetline.core.time.ManualClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SessionsTest {
    /** The access keys as the server keeps them, in memory. */
    static final class Keys implements AccessKeyStore {
        final Map<String, AccessKey> keys = new ConcurrentHashMap<>();

        @Override
        public Optional<AccessKey> find(String id) {
            return Optional.ofNullable(keys.get(id));
        }

        @Override
        public void save(AccessKey key) {
            keys.put(key.id(), key);
        }

        @Override
        public List<AccessKey> all() {
            return List.copyOf(keys.values());
        }
    }

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Keys keys = new Keys();
    final AccessKey admin = AccessKey.generate(new SecureRandom(), clock.instant());
    final Sessions sessions = new Sessions(keys, clock, new SessionSettings(Duration.ofMinutes(30),
            Duration.ofHours(8), 3));

    SessionsTest() {
        keys.save(admin);
    }

    private Session signIn() {
        return ((Sessions.SignIn.SignedIn) sessions.signIn(admin.id(), admin.secret())).session();
    }

    @Test
    void signs_in_with_the_right_secret_only() {
        assertThat(sessions.signIn(admin.id(), admin.secret() + "x")).isInstanceOf(Sessions.SignIn.Refused.class);
        assertThat(sessions.signIn("AKIANOSUCHKEY", admin.secret())).isInstanceOf(Sessions.SignIn.Refused.class);
        assertThat(sessions.signIn(admin.id(), admin.secret())).isInstanceOf(Sessions.SignIn.SignedIn.class);
    }

    @Test
    void each_sign_in_gets_a_new_random_id_and_csrf_token() {
        Session one = signIn();
        Session two = signIn();
        assertThat(one.id()).isNotEqualTo(two.id()).hasSize(43);
        assertThat(one.csrfToken()).isNotEqualTo(two.csrfToken()).isNotEqualTo(one.id());
    }

    @Test
    void a_session_idle_for_thirty_minutes_is_gone() {
        Session session = signIn();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.use(session.id())).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.use(session.id())).isEmpty();
    }

    @Test
    void a_live_stream_checking_a_session_does_not_keep_it_from_going_idle() {
        Session session = signIn();
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.stillValid(session.id())).isTrue();
        clock.advance(Duration.ofMinutes(11));
        assertThat(sessions.stillValid(session.id())).isFalse();
    }

    @Test
    void a_session_ends_when_its_key_is_removed_or_gets_another_secret() {
        Session session = signIn();
        keys.save(new AccessKey(admin.id(), "another-secret", clock.instant()));
        assertThat(sessions.use(session.id())).isEmpty();
        keys.save(admin);
        Session again = signIn();
        keys.keys.clear();
        assertThat(sessions.use(again.id())).isEmpty();
    }

    @Test
    void refuses_sign_ins_past_the_limit_until_one_expires() {
        signIn();
        signIn();
        signIn();
        assertThat(sessions.signIn(admin.id(), admin.secret())).isInstanceOf(Sessions.SignIn.TooManySessions.class);
        clock.advance(Duration.ofHours(1));
        assertThat(sessions.signIn(admin.id(), admin.secret())).isInstanceOf(Sessions.SignIn.SignedIn.class);
    }
}
