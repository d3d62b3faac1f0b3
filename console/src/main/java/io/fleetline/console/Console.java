package io.fleetline.console;

import io.fleetline.console.live.JobProgress;
import io.fleetline.console.live.PresenceLog;
import io.fleetline.console.session.Sessions;
import io.fleetline.core.bus.Presence;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;

/**
 * The web console: its Jetty handler for {@value #PATH} and everything below it, its sessions, and what it keeps live
 * (jobs' progress for their watchers, devices' presence). The server mounts {@link #handler()} on the API port, feeds
 * {@link #presence()} from the broker, calls {@link #forget()} on a reset and closes it before the services.
 */
public final class Console implements AutoCloseable {
    /** Where the console lives on the API port. */
    public static final String PATH = "/console";

    private final Sessions sessions;
    private final JobProgress progress;
    private final PresenceLog presence;
    private final ConsoleHandler handler;

    private Console(ConsoleServices services, ConsoleSettings settings) {
        this.sessions = new Sessions(services.keys(), services.clock(), settings.sessions());
        this.progress = new JobProgress(jobId -> services.gate().shared(
                () -> services.jobs().jobs().processDetails(jobId)), services.clock(), settings.progressInterval());
        this.presence = new PresenceLog(services.clock());
        this.handler = new ConsoleHandler(services, sessions, progress, presence, settings.sessions());
    }

    public static Console create(ConsoleServices services, ConsoleSettings settings) {
        return new Console(services, settings);
    }

    /** Serves {@value #PATH} and below; the server routes only those paths to it. */
    public Handler handler() {
        return handler;
    }

    /** Where the broker's presence events for the home account go. */
    public Consumer<Presence> presence() {
        return presence;
    }

    /** The jobs' progress sampler (benchmarks and tests count a round with {@code progress().sampleAll()}). */
    public JobProgress progress() {
        return progress;
    }

    /** Forgets what it remembered of the fleet, after a reset wiped it (sessions stay: the keys do). */
    public void forget() {
        progress.forget();
        presence.forget();
    }

    /** Ends the live streams and the sampler. */
    @Override
    public void close() {
        handler.close();
        progress.close();
    }
}
