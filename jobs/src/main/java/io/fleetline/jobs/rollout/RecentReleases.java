package io.fleetline.jobs.rollout;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's releases of the last minute, oldest first: what its per-minute budget is counted against. A release
 * counts from its instant until a minute later, so no minute ever holds more than the budget.
 *
 * <p>Instants are whole milliseconds, as the store keeps them, rounded up: a release kept later than it happened
 * only holds its place longer, never shorter.
 *
 * @param releases when executions were released and how many, oldest first
 */
public record RecentReleases(List<Release> releases) {
    /** How long a release holds its place in the budget. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    /**
     * At most this many entries are kept; beyond it the oldest two become one at the later instant. A scheduler
     * ticking every second never needs that many; a job released in many small steps keeps a bounded row.
     */
    static final int MAX_ENTRIES = 128;

    public RecentReleases {
        releases = List.copyOf(releases);
        for (int i = 1; i < releases.size(); i++) {
            if (releases.get(i).at().isBefore(releases.get(i - 1).at())) {
                throw new IllegalArgumentException("releases must be oldest first: " + releases);
            }
        }
    }

    public static RecentReleases none() {
        return new RecentReleases(List.of());
    }

    /**
     * Releases made at {@code at}, and how many.
     *
     * @param count at least one
     */
    public record Release(Instant at, long count) {
        public Release {
            if (count < 1) {
                throw new IllegalArgumentException("a release is of at least one execution, not " + count);
            }
            Instant whole = at.truncatedTo(ChronoUnit.MILLIS);
            at = whole.equals(at) ? at : whole.plusMillis(1);
        }
    }

    /** How many releases still count at {@code now}. */
    public long countAt(Instant now) {
        Instant from = now.minus(WINDOW);
        long count = 0;
        for (Release release : releases) {
            if (release.at().isAfter(from)) {
                count += release.count();
            }
        }
        return count;
    }

    /**
     * Without the releases that no longer count at {@code now}. Releases kept in the future (the clock was set back)
     * are brought to {@code now}: they count a minute from there instead of holding the rollout up for as long as
     * the clock went back.
     */
    public RecentReleases at(Instant now) {
        Instant from = now.minus(WINDOW);
        List<Release> kept = new ArrayList<>(releases.size());
        for (Release release : releases) {
            if (release.at().isAfter(now)) {
                kept.add(new Release(now, release.count()));
            } else if (release.at().isAfter(from)) {
                kept.add(release);
            }
        }
        return kept.equals(releases) ? this : new RecentReleases(kept);
    }

    /** With {@code count} more released at {@code at}, which is not before the last release. */
    public RecentReleases plus(Instant at, long count) {
        List<Release> all = new ArrayList<>(releases);
        Release added = new Release(at, count);
        int last = all.size() - 1;
        if (last >= 0 && all.get(last).at().equals(added.at())) {
            all.set(last, new Release(added.at(), all.get(last).count() + count));
        } else {
            all.add(added);
        }
        while (all.size() > MAX_ENTRIES) {
            // the older entry moves to the later one's instant: it counts a little longer, never shorter
            Release oldest = all.remove(0);
            all.set(0, new Release(all.get(0).at(), oldest.count() + all.get(0).count()));
        }
        return new RecentReleases(all);
    }
}
