package io.fleetline.agent.internal;

import java.time.Duration;
import java.util.Random;

/**
 * Spreads the agent's waits before it asks again (an unanswered request, a quiet stream window, a failed download, the
 * wait for a job): each is drawn from {@code [d, 1.5 d)} of its nominal {@code d}. Without it a fleet that lost its
 * server at once (a restart) asks again in step, every device at the same moments, for as long as they run. Never
 * shorter than the nominal wait: the spread adds no load to a server that is slow to answer.
 */
public final class Jitter {
    /** How far past its nominal length a wait may go, as a fraction of it. */
    static final double SPREAD = 0.5;

    private final Random random;

    /** @param random the randomness drawn from; a seeded one repeats the same waits */
    public Jitter(Random random) {
        this.random = random;
    }

    /** A wait of {@code nanos} nominal nanoseconds, spread. */
    public long nanos(long nanos) {
        return nanos + (long) (nanos * SPREAD * random.nextDouble());
    }

    /** A wait of {@code nominal}, spread. */
    public Duration of(Duration nominal) {
        return Duration.ofNanos(nanos(nominal.toNanos()));
    }
}
