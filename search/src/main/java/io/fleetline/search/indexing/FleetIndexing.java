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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * twice or late converges on the database. Writes to the index take one lock; a rebuild holds it throughout, so a
 * change made meanwhile is fed after the rebuild, from the state it left. Searches take no lock: while the index is
 * built they answer {@code IndexNotReadyException}, as AWS does for an index {@code BUILDING}.
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
    private final Object writing = new Object();
    private volatile IndexingConfiguration configuration = IndexingConfiguration.OFF;
    private volatile FleetIndex index;
    private volatile boolean building;
    private volatile Listener listener = Listener.NONE;
    /** Whether something needs the index (dynamic groups), so that it may not be turned off. */
    private volatile BooleanSupplier inUse = () -> false;
    /** A change could not be fed: the index misses it until rebuilt, so it is not closed as clean. */
    private boolean missesChanges;

    private FleetIndexing(IndexingConfigurationStore store, ThingSource source, IndexPlace place) {
        this.store = store;
        this.source = source;
        this.place = place;
    }

    /**
     * Opens an account's indexing as its configuration says: with indexing on, the index in {@code place} is
     * reopened when it was closed cleanly under that configuration, else rebuilt from {@code source} before this
     * returns.
     */
    public static FleetIndexing open(IndexingConfigurationStore store, ThingSource source, IndexPlace place) {
        FleetIndexing indexing = new FleetIndexing(store, source, place);
        indexing.start(store.load().orElse(IndexingConfiguration.OFF));
        return indexing;
    }

    private void start(IndexingConfiguration saved) {
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
                rebuild(saved);
            }
        }
    }

    public IndexingConfiguration configuration() {
        return configuration;
    }

    /**
     * Saves a new configuration and applies it: off drops the index, a change of what is indexed rebuilds it
     * (before this returns), anything else (custom fields, thing groups) is only kept.
     */
    public void configure(IndexingConfiguration next) {
        boolean rebuilt = false;
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
                rebuild(next);
                rebuilt = true;
            }
        }
        if (rebuilt) {
            listener.rebuilt();
        }
    }

    /** Who is told after each change the index takes and after each rebuild. */
    public void listen(Listener next) {
        this.listener = next;
    }

    /** While {@code needed} answers true, turning thing indexing off is refused. */
    public void keepOnWhile(BooleanSupplier needed) {
        this.inUse = needed;
    }

    private void rebuild(IndexingConfiguration with) {
        building = true;
        try {
            FleetIndex target = index;
            target.deleteAll();
            source.readAll(with, target::put);
            target.commit(RUNNING + with.content());
            missesChanges = false;
        } finally {
            building = false;
        }
    }

    private void drop() {
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

    /** Closes the index cleanly: the next start reopens it as it is (unless it missed a change: then rebuilds). */
    @Override
    public void close() {
        synchronized (writing) {
            FleetIndex current = index;
            index = null;
            if (current != null) {
                current.commit((missesChanges ? RUNNING : CLEAN) + configuration.content());
                current.close();
            }
        }
    }
}
