package io.fleetline.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;

class LimitedLogTest {
    private final AtomicLong now = new AtomicLong();
    private final RecordingLogger recorded = new RecordingLogger();
    private final LimitedLog log = new LimitedLog(recorded, 3, Duration.ofMinutes(1), now::get);

    @Test
    void logs_at_most_its_quota_in_a_window_however_many_come() {
        for (int i = 0; i < 1000; i++) {
            log.warn("client {} did something odd", i);
        }

        assertThat(recorded.lines).containsExactly("WARN client 0 did something odd", "WARN client 1 did something odd",
                "WARN client 2 did something odd");
    }

    @Test
    void tells_how_many_it_left_out_once_the_next_window_opens() {
        for (int i = 0; i < 10; i++) {
            log.error("failure {}", i);
        }
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        log.error("failure {}", 10);

        assertThat(recorded.lines).containsExactly("ERROR failure 0", "ERROR failure 1", "ERROR failure 2",
                "WARN 7 more messages of this kind were not logged in the last 60 s", "ERROR failure 10");
    }

    /** An slf4j logger that keeps what it is asked to log, formatted. */
    private static final class RecordingLogger extends AbstractLogger {
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, org.slf4j.Marker marker, String format, Object[] args,
                                                   Throwable throwable) {
            lines.add(level + " " + org.slf4j.helpers.MessageFormatter.basicArrayFormat(format, args));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled(org.slf4j.Marker marker) {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(org.slf4j.Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(org.slf4j.Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(org.slf4j.Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(org.slf4j.Marker marker) {
            return true;
        }
    }
}
