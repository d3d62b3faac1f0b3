package io.fleetline.console.session;

import java.time.Duration;

/**
 * How long a console session lives: {@code idle} without a request, {@code absolute} at most since sign-in; and how
 * many may be open at once (sign-ins past it are refused until some expire or sign out).
 */
public record SessionSettings(Duration idle, Duration absolute, int maxSessions) {
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(8);
    public static final int DEFAULT_MAX_SESSIONS = 1_000;

    public SessionSettings {
        if (idle.isNegative() || idle.isZero() || absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException("console sessions need 0 < idle <= absolute; got " + idle + ", "
                    + absolute);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("console sessions: at least one; got " + maxSessions);
        }
    }

    public static SessionSettings defaults() {
        return new SessionSettings(DEFAULT_IDLE, DEFAULT_ABSOLUTE, DEFAULT_MAX_SESSIONS);
    }
}
