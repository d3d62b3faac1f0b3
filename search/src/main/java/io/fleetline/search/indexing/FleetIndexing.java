package io.fleetline.search.indexing;

import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.search.Bucket;
import io.fleetline.search.FleetIndex;
import io.fleetline.search.InvalidAggregationException;
import io.fleetline.search.Percentile;
import io.fleetline.search.Statistics;
import io.fleetline.search.ThingDocument;
import io.fleetline.search.query.FleetQuery;
import io.fleetline.search.query.InvalidQueryException;
import io.fleetline.search.query.QueryParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet indexing of one account: the configuration, the index {@code AWS_Things} it decides, fed with each changed
 * thing as the source reads it, and the searches over it.
 *
 * <p>Feeding reads the thing's whole current state and puts it (or removes it when it is gone), so a change fed
 * twice or late converges on the database. Feeding takes one lock. A build (indexing turned on, a change of what is
 * indexed, an index left by a crash) runs on its own thread without that lock: changes go on being fed meanwhile,
 * and each thing changed during the build is fed again when it ends, so a thing the build read before its change
 * ends up as the database has it. Opening and reconfiguring wait {@link #WAIT_FOR_BUILD} for the build and then
 * answer anyway: a large fleet is built in the background. Searches take no lock: while the index is built they
 * answer {@code IndexNotReadyException}, as AWS does for an index {@code BUILDING}.
 *
 * <p>The index is trusted at start only when it was closed cleanly under the same content: the checkpoint says
 * {@code clean} at a clean close and {@code running} from the moment it is used, so an index left by a crash (or
 * built under another configuration) is rebuilt from the source.
 */
public final class FleetIndexing implements AutoCloseable {
    /** The one thing index an account has, as AWS names it. */
    public static final String INDEX_NAME = "AWS_Things";
    private static final Logger LOG = LoggerFactory.getLogger(FleetIndexing.class);
    private static final String CLEAN = "clean:";
    private static final String RUNNING = "running:";
    private static final int GROUP_PAGE = FleetIndex.MAX_PAGE;

    /** DescribeIndex's {@code indexStatus}. */
    public enum Status { ACTIVE, BUILDING }

    /** Told after the index took a change, outside its lock: what follows the index (dynamic groups) listens. */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void fed(String thingName) {
            }

            @Override
            public void rebuilt() {
            }
        };

        /** The index has the thing's current state (or no longer has the thing). */
        void fed(String thingName);

        /** The index was built again from the source: anything derived from it is redone. */
        void rebuilt();
    }

    private final IndexingConfigurationStore store;
    private final ThingSource source;
    private final IndexPlace place;
    /** How long opening or reconfiguring waits for a build before answering with the index {@code BUILDING}. */
    public static final Duration WAIT_FOR_BUILD = Duration.ofSeconds(10);

    private final Object writing = new Object();
    /** One build at a time: a newer one starts once the superseded one has stopped. */
    private final ExecutorService builds = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("fleet-index-build").factory());
    /** Counts builds started; a build whose number is no longer current stops (guarded by {@code writing}). */
    private volatile long generation;
    /** The things changed while a build runs, fed again at its end; null when no build runs (guarded by writing). */
    private Set<String> changedWhileBuilding;
    private volatile IndexingConfiguration configuration = IndexingConfiguration.OFF;
    private volatile FleetIndex index;
    private volatile boolean building;
    private volatile Listener listener = Listener.NONE;
    /** Whether something needs the index (dynamic groups), so that it may not be turned off. */
    private volatile BooleanSupplier inUse = () -> false;
    /** A change could not be fed: the index misses it until rebuilt, so it is not closed as clean. */
    private boolean missesChanges;

    private final Duration waitForBuild;

    private FleetIndexing(IndexingConfigurationStore store, ThingSource source, IndexPlace place,
                          Duration waitForBuild) {
        this.store = store;
        this.source = source;
        this.place = place;
        this.waitForBuild = waitForBuild;
    }

    /**
     * Opens an account's indexing as its configuration says: with indexing on, the index in {@code place} is
     * reopened when it was closed cleanly under that configuration, else rebuilt from {@code source} (this waits
     * {@link #WAIT_FOR_BUILD} for it, then leaves it building).
     */
    public static FleetIndexing open(IndexingConfigurationStore store, ThingSource source, IndexPlace place) {
        return open(store, source, place, WAIT_FOR_BUILD);
    }

    /** As {@link #open(IndexingConfigurationStore, ThingSource, IndexPlace)}, waiting {@code waitForBuild} for builds. */
    public static FleetIndexing open(IndexingConfigurationStore store, ThingSource source, IndexPlace place,
                                     Duration waitForBuild) {
        FleetIndexing indexing = new FleetIndexing(store, source, place, waitForBuild);
        indexing.start(store.load().orElse(IndexingConfiguration.OFF));
        return indexing;
    }

    private void start(IndexingConfiguration saved) {
        Optional<Future<?>> build = Optional.empty();
        synchronized (writing) {
            configuration = saved;
            if (!saved.thingIndexing()) {
                place.delete();
                return;
            }
            FleetIndex opened = place.open();
            index = opened;
            if (opened.checkpoint().equals(Optional.of(CLEAN + saved.content()))) {
                opened.commit(RUNNING + saved.content());
            } else {
                build = Optional.of(startBuild(saved));
            }
        }
        build.ifPresent(this::awaitBriefly);
    }

    public IndexingConfiguration configuration() {
        return configuration;
    }

    /**
     * Saves a new configuration and applies it: off drops the index, a change of what is indexed rebuilds it
     * (before this returns), anything else (custom fields, thing groups) is only kept.
     */
    public void configure(IndexingConfiguration next) {
        Optional<Future<?>> build = Optional.empty();
        synchronized (writing) {
            if (!next.thingIndexing() && index != null && inUse.getAsBoolean()) {
                throw FleetlineException.invalid("Thing indexing cannot be turned off while the account has dynamic "
                        + "thing groups; delete them first");
            }
            store.save(next);
            IndexingConfiguration previous = configuration;
            configuration = next;
            if (!next.thingIndexing()) {
                drop();
            } else if (index == null || !next.content().equals(previous.content())) {
                if (index == null) {
                    index = place.open();
                }
                build = Optional.of(startBuild(next));
            }
        }
        build.ifPresent(this::awaitBriefly);
    }

    /** Who is told after each change the index takes and after each rebuild. */
    public void listen(Listener next) {
        this.listener = next;
    }

    /** While {@code needed} answers true, turning thing indexing off is refused. */
    public void keepOnWhile(BooleanSupplier needed) {
        this.inUse = needed;
    }

    /** Starts building the index from the source (under {@code writing}); a build still running stops. */
    private Future<?> startBuild(IndexingConfiguration with) {
        long number = ++generation;
        building = true;
        changedWhileBuilding = new HashSet<>();
        FleetIndex target = index;
        return builds.submit(() -> build(with, number, target));
    }

    /** Thrown inside the source's reading when the build was superseded, to stop it. */
    private static final class Superseded extends RuntimeException {
        Superseded() {
            super(null, null, false, false);
        }
    }

    private void build(IndexingConfiguration with, long number, FleetIndex target) {
        try {
            synchronized (writing) {
                if (number != generation) {
                    return;
                }
                target.deleteAll();
            }
            source.readAll(with, thing -> {
                if (number != generation) {
                    throw new Superseded();
                }
                target.put(thing);
            });
            synchronized (writing) {
                if (number != generation) {
                    return;
                }
                // a thing changed while the build read others may have been read before its change: read it again
                for (String changed : changedWhileBuilding) {
                    Optional<ThingDocument> thing = source.read(changed, with);
                    if (thing.isPresent()) {
                        target.put(thing.get());
                    } else {
                        target.delete(changed);
                    }
                }
                changedWhileBuilding = null;
                target.commit(RUNNING + with.content());
                missesChanges = false;
                building = false;
            }
            listener.rebuilt();
        } catch (Superseded | AlreadyClosedException stopped) {
            // a newer build, turning indexing off, a reset or the server's stop took over
        } catch (RuntimeException e) {
            if (number == generation) {
                // searches go on answering IndexNotReadyException; the next start builds again (not closed clean)
                LOG.error("the fleet index could not be built: {}", e.getMessage(), e);
            }
        }
    }

    /** Waits for a build a little while ({@link #WAIT_FOR_BUILD}); a larger fleet goes on building in the background. */
    private void awaitBriefly(Future<?> build) {
        try {
            build.get(waitForBuild.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillBuilding) {
            LOG.info("the fleet index is being built in the background; searches answer IndexNotReadyException "
                    + "until it is done");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException cannot) {
            // build() catches what it throws
        }
    }

    private void drop() {
        generation++;
        building = false;
        changedWhileBuilding = null;
        FleetIndex current = index;
        index = null;
        if (current != null) {
            current.close();
        }
        place.delete();
    }

    /** Feeds a thing that was created, changed (registry, shadow, connectivity) or deleted. */
    public void thingChanged(String thingName) {
        if (feed(thingName)) {
            try {
                listener.fed(thingName);
            } catch (RuntimeException e) {
                LOG.warn("what follows the index missed thing {}'s change: {}", thingName, e.getMessage(), e);
            }
        }
    }

    private boolean feed(String thingName) {
        synchronized (writing) {
            FleetIndex current = index;
            if (current == null) {
                return false;
            }
            if (changedWhileBuilding != null) {
                changedWhileBuilding.add(thingName);
            }
            try {
                Optional<ThingDocument> thing = source.read(thingName, configuration);
                if (thing.isPresent()) {
                    current.put(thing.get());
                } else {
                    current.delete(thingName);
                }
            } catch (RuntimeException e) {
                // the change is committed; the index, a copy, is rebuilt at the next start (it is not closed clean)
                missesChanges = true;
                LOG.warn("thing {} could not be indexed: {}", thingName, e.getMessage(), e);
                return false;
            }
            return true;
        }
    }

    /**
     * The seam for shadows: a thing's shadows changed (updated, deleted, a named one added); the source reads them
     * again with the rest of the thing.
     */
    public void shadowsChanged(String thingName) {
        thingChanged(thingName);
    }

    /** A thing group was changed or deleted: the things the index holds in it are fed again. */
    public void groupChanged(String groupName) {
        synchronized (writing) {
            FleetIndex current = index;
            if (current == null) {
                return;
            }
            List<String> members = new ArrayList<>();
            PageRequest page = new PageRequest(GROUP_PAGE, Optional.empty());
            while (true) {
                Page<ThingDocument> found = current.search(new FleetQuery.Term("thingGroupNames", groupName), page);
                found.items().forEach(thing -> members.add(thing.thingName()));
                if (found.nextToken().isEmpty()) {
                    break;
                }
                page = PageRequest.of(GROUP_PAGE, found.nextToken().get(), GROUP_PAGE);
            }
            members.forEach(this::thingChanged);
        }
    }

    /**
     * Checks a query could run on the index (as a dynamic group's): the index is on and the query parses.
     *
     * @throws FleetlineException {@code ResourceNotFoundException} without the index, {@code InvalidQueryException}
     */
    public void check(String indexName, String queryString) {
        requireIndex(indexName);
        try {
            QueryParser.parse(queryString);
        } catch (InvalidQueryException e) {
            throw new FleetlineException(ErrorCode.INVALID_QUERY, "Syntax error in query: " + e.getMessage());
        }
    }

    /** Whether the index, as it is now, has the thing matching the query. */
    public boolean matches(String queryString, String thingName) {
        FleetQuery query = new FleetQuery.And(List.of(QueryParser.parse(queryString),
                new FleetQuery.Term("thingName", thingName)));
        return onIndex(INDEX_NAME, current -> current.count(query) > 0);
    }

    /** Gives the name of each thing the query matches, in name order, page by page. */
    public void forEachMatch(String queryString, Consumer<String> thingNames) {
        FleetQuery query = QueryParser.parse(queryString);
        PageRequest page = new PageRequest(GROUP_PAGE, Optional.empty());
        while (true) {
            PageRequest current = page;
            Page<ThingDocument> found = onIndex(INDEX_NAME, index -> index.search(query, current));
            found.items().forEach(thing -> thingNames.accept(thing.thingName()));
            if (found.nextToken().isEmpty()) {
                return;
            }
            page = PageRequest.of(GROUP_PAGE, found.nextToken().get(), GROUP_PAGE);
        }
    }

    /** Whether the index is being built (searches answer {@code IndexNotReadyException} meanwhile). */
    public boolean building() {
        return building;
    }

    /** The indices the account has: {@code AWS_Things} while thing indexing is on. */
    public List<String> indices() {
        return index == null ? List.of() : List.of(INDEX_NAME);
    }

    /** DescribeIndex: the index's status. */
    public Status status(String indexName) {
        requireIndex(indexName);
        return building ? Status.BUILDING : Status.ACTIVE;
    }

    /** SearchIndex: one page of the things the query matches, by name. */
    public Page<ThingDocument> search(String indexName, String queryString, PageRequest page) {
        return onIndex(indexName, current -> current.search(queryString, page));
    }

    public Statistics statistics(String indexName, String queryString, String field) {
        return onIndex(indexName, current -> current.statistics(queryString, field));
    }

    public long cardinality(String indexName, String queryString, String field) {
        return onIndex(indexName, current -> current.cardinality(queryString, field));
    }

    public List<Percentile> percentiles(String indexName, String queryString, String field, List<Double> percents) {
        return onIndex(indexName, current -> current.percentiles(queryString, field, percents));
    }

    /** GetBucketsAggregation: the buckets and how many things the query matches. */
    public Buckets buckets(String indexName, String queryString, String field, int maxBuckets) {
        return onIndex(indexName, current -> new Buckets(current.count(queryString),
                current.buckets(queryString, field, maxBuckets)));
    }

    /** GetBucketsAggregation's answer. */
    public record Buckets(long totalCount, List<Bucket> buckets) {
    }

    private FleetIndex requireIndex(String indexName) {
        if (!INDEX_NAME.equals(indexName)) {
            throw FleetlineException.notFound("Index " + indexName + " does not exist");
        }
        FleetIndex current = index;
        if (current == null) {
            throw FleetlineException.notFound("Index " + INDEX_NAME
                    + " does not exist. Please enable index by calling UpdateIndexingConfiguration");
        }
        return current;
    }

    private <T> T onIndex(String indexName, Function<FleetIndex, T> reading) {
        FleetIndex current = requireIndex(indexName);
        if (building) {
            throw new FleetlineException(ErrorCode.INDEX_NOT_READY, "Index " + INDEX_NAME + " is being built");
        }
        try {
            return reading.apply(current);
        } catch (InvalidQueryException e) {
            throw new FleetlineException(ErrorCode.INVALID_QUERY, "Syntax error in query: " + e.getMessage());
        } catch (InvalidAggregationException e) {
            throw new FleetlineException(ErrorCode.INVALID_AGGREGATION, e.getMessage());
        } catch (AlreadyClosedException turnedOff) {
            return onIndex(indexName, reading);
        }
    }

    /** A reset: the index and its files go; the configuration, wiped with the database, is off again. */
    public void reset() {
        synchronized (writing) {
            configuration = IndexingConfiguration.OFF;
            drop();
        }
    }

    /**
     * Closes the index cleanly: the next start reopens it as it is (unless it missed a change or was still being
     * built: then it is built again). A running build stops first.
     */
    @Override
    public void close() {
        synchronized (writing) {
            generation++;
        }
        builds.shutdown();
        try {
            if (!builds.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the fleet index's build did not stop within 30 s; closing the index under it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (writing) {
            FleetIndex current = index;
            index = null;
            if (current != null) {
                current.commit((missesChanges || building ? RUNNING : CLEAN) + configuration.content());
                current.close();
            }
        }
    }
}
