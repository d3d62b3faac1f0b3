package io.fleetline.it;

import io.fleetline.it.SearchAnswers.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Clients searching without pause while a fleet changes: each runs the probes in turn (from a different one), checks
 * every answer against the model, and now and then has GetStatistics count what {@code counted} matches, which must
 * lie between what must and what may match. Any failed call is a problem too.
 */
final class ChurnSearches implements AutoCloseable {
    private static final int KEPT_PROBLEMS = 100;
    private final IotClient iot;
    private final SearchAnswers answers;
    private final List<Probe> probes;
    private final Probe counted;
    private final String countedField;
    private final AtomicBoolean searching = new AtomicBoolean(true);
    private final AtomicInteger searches = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final ExecutorService clients;
    private final List<Future<?>> running = new ArrayList<>();

    /** Starts {@code clients} searching; {@code counted}'s statistics are asked over {@code countedField}. */
    ChurnSearches(IotClient iot, FleetModel model, List<Probe> probes, Probe counted, String countedField,
                  int clients) {
        this.iot = iot;
        this.answers = new SearchAnswers(iot, model);
        this.probes = List.copyOf(probes);
        this.counted = counted;
        this.countedField = countedField;
        this.clients = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int first = c * probes.size() / clients;
            running.add(this.clients.submit(() -> search(first)));
        }
    }

    private void search(int first) {
        for (int n = first; searching.get(); n++) {
            Probe probe = probes.get(n % probes.size());
            try {
                answers.problems(answers.search(probe)).forEach(this::problem);
                if (n % probes.size() == 0) {
                    count();
                }
                searches.incrementAndGet();
            } catch (RuntimeException | AssertionError e) {
                problem(probe.query() + " failed: " + e);
            }
        }
    }

    private void count() {
        long started = System.nanoTime();
        long count = iot.getStatistics(r -> r.queryString(counted.query()).aggregationField(countedField))
                .statistics().count();
        long[] bounds = answers.countBounds(counted, started, System.nanoTime());
        if (count < bounds[0] || count > bounds[1]) {
            problem("GetStatistics counted " + count + " for " + counted.query() + ", outside " + bounds[0] + ".."
                    + bounds[1]);
        }
    }

    /** Keeps the first hundred: a broken feed would otherwise fill the heap. */
    private void problem(String problem) {
        if (problems.size() < KEPT_PROBLEMS) {
            problems.add(problem);
        }
    }

    /** Stops the clients after their current search. */
    @Override
    public void close() {
        searching.set(false);
        try {
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the searches stopped", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a search client did not stop", e);
        } finally {
            clients.shutdownNow();
        }
    }

    /** How many searches were answered and checked. */
    int searches() {
        return searches.get();
    }

    /** What was wrong with the answers (the first hundred problems). */
    List<String> problems() {
        return List.copyOf(problems);
    }
}
