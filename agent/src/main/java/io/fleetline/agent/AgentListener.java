package io.fleetline.agent;

import java.util.Map;

/**
 * Observes what an agent does: the fleet simulator counts phases with it and injects crashes (a listener that throws
 * {@link SimulatedCrash} stops the agent at that point as if it were killed). Called on the agent's own threads; keep
 * it short.
 */
public interface AgentListener {
    /** The agent reported {@code step} for a job, with the details it sent. */
    default void onStep(String jobId, Step step, Map<String, String> statusDetails) {
    }

    /** A job's execution reached a terminal status ({@code SUCCEEDED}, {@code FAILED}, {@code REJECTED}...). */
    default void onJobEnded(String jobId, String status, Map<String, String> statusDetails) {
    }

    /** The agent's MQTT session is up ({@code true}) or lost ({@code false}). */
    default void onConnection(boolean connected) {
    }

    /** Thrown by a listener or a test hook to stop the agent on the spot, as a {@code kill -9} would. */
    final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SimulatedCrash(String where) {
            super("simulated crash: " + where, null, false, false);
        }
    }
}
