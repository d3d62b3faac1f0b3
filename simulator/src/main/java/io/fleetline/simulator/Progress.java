package io.fleetline.simulator;

/**
 * Where a simulation shows how far each phase got: provisioning, connecting, and each job's downloading,
 * installing and done. The command line draws terminal progress bars; a test shows nothing.
 */
public interface Progress {
    /** A bar for {@code phase}, of {@code total} devices so far (the total may grow). */
    Bar bar(String phase, long total);

    /** One phase's progress. Called from many threads. */
    interface Bar extends AutoCloseable {
        /** {@code done} of the total are through the phase. */
        void stepTo(long done);

        /** The phase counts {@code total} devices now. */
        void total(long total);

        /** The phase ended (or the simulation did). */
        @Override
        void close();
    }

    /** Shows nothing. */
    static Progress none() {
        return (phase, total) -> new Bar() {
            @Override
            public void stepTo(long done) {
            }

            @Override
            public void total(long newTotal) {
            }

            @Override
            public void close() {
            }
        };
    }
}
