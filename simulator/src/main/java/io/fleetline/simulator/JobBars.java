package io.fleetline.simulator;

import io.fleetline.simulator.device.Observations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Each job's progress bars: its devices downloading, installing (and rebooting), done. */
final class JobBars implements AutoCloseable {
    private static final Map<Observations.Phase, String> SHOWN = Map.of(
            Observations.Phase.DOWNLOADING, "downloading", Observations.Phase.INSTALLING, "installing",
            Observations.Phase.DONE, "done");
    private static final List<Observations.Phase> ORDER = List.of(Observations.Phase.DOWNLOADING,
            Observations.Phase.INSTALLING, Observations.Phase.DONE);

    private final Progress progress;
    private final Observations observations;
    private final Map<String, List<Progress.Bar>> bars = new LinkedHashMap<>();

    JobBars(Progress progress, Observations observations) {
        this.progress = progress;
        this.observations = observations;
    }

    synchronized void update(List<String> jobs) {
        for (String jobId : jobs) {
            long devices = observations.reached(jobId, Observations.Phase.NOTIFIED);
            List<Progress.Bar> shown = bars.computeIfAbsent(jobId, id -> {
                List<Progress.Bar> made = new ArrayList<>();
                ORDER.forEach(phase -> made.add(progress.bar(id + ": " + SHOWN.get(phase), devices)));
                return made;
            });
            for (int i = 0; i < ORDER.size(); i++) {
                shown.get(i).total(devices);
                shown.get(i).stepTo(observations.reached(jobId, ORDER.get(i)));
            }
        }
    }

    @Override
    public synchronized void close() {
        bars.values().forEach(shown -> shown.forEach(Progress.Bar::close));
        bars.clear();
    }
}
