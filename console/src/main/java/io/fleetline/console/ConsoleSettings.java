package io.fleetline.console;

import io.fleetline.console.session.SessionSettings;
import java.time.Duration;

/**
 * How the console behaves: its sessions' lifetimes, and how often a watched job's progress is counted (each open job
 * page's live update; one count per job per interval, however many consoles watch it).
 */
public record ConsoleSettings(SessionSettings sessions, Duration progressInterval) {
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(2);

    public ConsoleSettings {
        if (progressInterval.toMillis() < 100) {
            throw new IllegalArgumentException("the console's progress interval must be at least 100 ms; got "
                    + progressInterval);
        }
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(SessionSettings.defaults(), DEFAULT_PROGRESS_INTERVAL);
    }
}
