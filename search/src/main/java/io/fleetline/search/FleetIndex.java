package io.fleetline.search;

import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.search.query.FleetQuery;
import io.fleetline.search.query.InvalidQueryException;
import io.fleetline.search.query.QueryParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The fleet index of one account: things put in by name, searched with the AWS query syntax. A change is visible to
 * every search that starts after the call making it returned (the reader is refreshed on the next search, not on a
 * timer). Results come sorted by thing name and paged by it, so a page stays where it was while things are added or
 * removed elsewhere. Safe for concurrent use.
 *
 * <p>The index is a copy of the database. On a directory it survives restarts; {@link #commit(String)} records how
 * far the feeder had come, {@link #checkpoint()} reads it back, and an index that is missing, unreadable or of an
 * older layout opens empty, without a checkpoint, so that the feeder rebuilds it.
 */
public final class FleetIndex implements AutoCloseable {
    /** Bumped when {@link ThingFields} lays things out differently: an index of another layout is rebuilt. */
    static final String LAYOUT = "2";
    private static final String LAYOUT_KEY = "fleetline.layout";
    private static final String CHECKPOINT_KEY = "fleetline.checkpoint";
    /** The largest page a search gives (SearchIndex asks for at most 100). */
    public static final int MAX_PAGE = 1000;
    private static final Sort BY_NAME = new Sort(new SortField(ThingFields.NAME, SortField.Type.STRING));

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Counts the writes that returned; a search refreshes until its searcher has seen all counted so far. */
    private final AtomicLong written = new AtomicLong();
    private final Object refreshing = new Object();
    private volatile long refreshed;

    private FleetIndex(Directory directory, IndexWriter writer) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
    }

    /** An index held in memory, gone when closed. */
    public static FleetIndex inMemory() {
        return open(new ByteBuffersDirectory());
    }

    /** The index in a directory: reopened as it was when it is of this layout and readable, else empty. */
    public static FleetIndex open(Path path) {
        try {
            return open(FSDirectory.open(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fleet index in " + path, e);
        }
    }

    private static FleetIndex open(Directory directory) {
        IndexWriter writer = null;
        try {
            writer = writer(directory, OpenMode.CREATE_OR_APPEND);
            if (!LAYOUT.equals(commitData(writer).get(LAYOUT_KEY))) {
                writer.deleteAll();
                writer.setLiveCommitData(Map.of(LAYOUT_KEY, LAYOUT).entrySet());
                writer.commit();
            }
            return new FleetIndex(directory, writer);
        } catch (LockObtainFailedException inUse) {
            throw new UncheckedIOException("the fleet index is in use by another process", inUse);
        } catch (IOException | IllegalArgumentException unreadable) {
            // IllegalArgumentException: an index written with another index sort
            closeQuietly(writer);
            return recreate(directory);
        }
    }

    /** Lets go of the write lock of a writer that opened an index found unusable; its state is thrown away. */
    private static void closeQuietly(IndexWriter writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.rollback();
        } catch (IOException ignored) {
            // the files are deleted next
        }
    }

    /**
     * An index that cannot be read (a disk fault, a copy from another Lucene version) starts over: its files are
     * removed, which loses nothing, as the feeder rebuilds it from the database.
     */
    private static FleetIndex recreate(Directory directory) {
        try {
            for (String file : directory.listAll()) {
                directory.deleteFile(file);
            }
            IndexWriter writer = writer(directory, OpenMode.CREATE);
            writer.setLiveCommitData(Map.of(LAYOUT_KEY, LAYOUT).entrySet());
            writer.commit();
            return new FleetIndex(directory, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fleet index", e);
        }
    }

    /**
     * Segments are kept sorted by thing name, the order results come in, so a page is read from the first matches of
     * each segment instead of sorting every match.
     */
    private static IndexWriter writer(Directory directory, OpenMode mode) throws IOException {
        return new IndexWriter(directory, new IndexWriterConfig().setOpenMode(mode).setIndexSort(BY_NAME));
    }

    private static Map<String, String> commitData(IndexWriter writer) {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(entry -> data.put(entry.getKey(), entry.getValue()));
        }
        return data;
    }

    /** Adds a thing, or replaces what the index holds for a thing of that name. */
    public void put(ThingDocument thing) {
        write(() -> writer.updateDocument(new Term(ThingFields.NAME, thing.thingName()),
                ThingFields.toLucene(thing)));
    }

    /** Removes a thing; removing one the index does not hold does nothing. */
    public void delete(String thingName) {
        write(() -> writer.deleteDocuments(new Term(ThingFields.NAME, thingName)));
    }

    /** Removes every thing, before a rebuild. */
    public void deleteAll() {
        write(writer::deleteAll);
    }

    /**
     * Replaces the whole index with {@code things} (read as they come, so a feeder can stream them from the
     * database; each name once) and commits with {@code checkpoint}. Until that commit the last one stays on disk:
     * a crash during a rebuild reopens the index as it was, with its old checkpoint. A rebuild that fails (the
     * database went away) leaves the index without a checkpoint, so that whatever is committed later is rebuilt at
     * the next start. Searches meanwhile see part of the fleet; the API answers {@code IndexNotReadyException} while
     * it rebuilds.
     */
    public void rebuild(Iterable<ThingDocument> things, String checkpoint) {
        write(() -> {
            writer.setLiveCommitData(Map.of(LAYOUT_KEY, LAYOUT).entrySet());
            writer.deleteAll();
            for (ThingDocument thing : things) {
                writer.addDocument(ThingFields.toLucene(thing));
            }
        });
        commit(checkpoint);
    }

    private interface Write {
        void run() throws IOException;
    }

    private void write(Write change) {
        try {
            change.run();
            written.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException("the fleet index could not be written", e);
        }
    }

    /**
     * One page of the things a query string matches, sorted by name.
     *
     * @throws InvalidQueryException when the syntax refuses the query
     */
    public Page<ThingDocument> search(String queryString, PageRequest page) {
        return search(QueryParser.parse(queryString), page);
    }

    /** One page of the things a parsed query matches, sorted by name. */
    public Page<ThingDocument> search(FleetQuery query, PageRequest page) {
        if (page.limit() > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds at most " + MAX_PAGE + " things");
        }
        Query matching = LuceneQueries.of(query);
        Query paged = page.after().<Query>map(after -> new BooleanQuery.Builder().add(matching, Occur.FILTER)
                .add(TermRangeQuery.newStringRange(ThingFields.NAME, after, null, false, false), Occur.FILTER)
                .build()).orElse(matching);
        return read(searcher -> {
            ScoreDoc[] hits = searcher.search(paged, page.limit() + 1, BY_NAME).scoreDocs;
            return Page.of(ThingCodec.documents(searcher.getIndexReader(), hits), page, ThingDocument::thingName);
        });
    }

    /**
     * How many things a query string matches.
     *
     * @throws InvalidQueryException when the syntax refuses the query
     */
    public long count(String queryString) {
        return count(QueryParser.parse(queryString));
    }

    /** How many things a parsed query matches. */
    public long count(FleetQuery query) {
        Query matching = LuceneQueries.of(query);
        return read(searcher -> (long) searcher.count(matching));
    }

    /**
     * GetStatistics: count, and for a numeric field average, sum, minimum, maximum, sum of squares, variance and
     * standard deviation, over the field's values among the things a query string matches.
     *
     * @throws InvalidQueryException when the syntax refuses the query
     * @throws InvalidAggregationException when no query could name the field
     */
    public Statistics statistics(String queryString, String field) {
        Query matching = aggregated(queryString, field);
        return read(searcher -> Aggregations.statistics(searcher, matching, field));
    }

    /** GetCardinality: how many distinct values the field holds among the things a query string matches. */
    public long cardinality(String queryString, String field) {
        Query matching = aggregated(queryString, field);
        return read(searcher -> Aggregations.cardinality(searcher, matching, field));
    }

    /** GetPercentiles: the field's numeric values at each percent (0 to 100); none when it holds no numbers. */
    public List<Percentile> percentiles(String queryString, String field, List<Double> percents) {
        Query matching = aggregated(queryString, field);
        for (double percent : percents) {
            if (!(percent >= 0 && percent <= 100)) {
                throw new InvalidAggregationException("A percent must lie between 0 and 100, not " + percent);
            }
        }
        return read(searcher -> Aggregations.percentiles(searcher, matching, field, percents));
    }

    /** GetBucketsAggregation (terms): the field's most frequent values and their counts, at most maxBuckets. */
    public List<Bucket> buckets(String queryString, String field, int maxBuckets) {
        Query matching = aggregated(queryString, field);
        if (maxBuckets < 1) {
            throw new InvalidAggregationException("maxBuckets must be at least 1");
        }
        return read(searcher -> Aggregations.buckets(searcher, matching, field, maxBuckets));
    }

    private static Query aggregated(String queryString, String field) {
        Query matching = LuceneQueries.of(QueryParser.parse(queryString));
        if (!QueryParser.isField(field)) {
            throw new InvalidAggregationException("Cannot aggregate on field '" + field + "'");
        }
        return matching;
    }

    interface Read<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** Runs a read on a searcher that sees every change made before it. */
    <T> T read(Read<T> reading) {
        try {
            refreshThrough(written.get());
            IndexSearcher searcher = searchers.acquire();
            try {
                return reading.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the fleet index could not be read", e);
        }
    }

    /**
     * Makes the searchers see every write counted up to {@code wanted}. The count is read before the refresh, so the
     * refreshed reader holds at least those writes; a search that finds another thread refreshing waits for it.
     */
    private void refreshThrough(long wanted) throws IOException {
        if (refreshed >= wanted) {
            return;
        }
        synchronized (refreshing) {
            if (refreshed < wanted) {
                long target = written.get();
                searchers.maybeRefreshBlocking();
                refreshed = target;
            }
        }
    }

    /**
     * How far the feeder had come at the last commit; empty for an index that is new or was started over, and from
     * the start of a rebuild until it commits.
     */
    public Optional<String> checkpoint() {
        return Optional.ofNullable(commitData(writer).get(CHECKPOINT_KEY));
    }

    /** Makes every change so far durable, with the feeder's position to resume from after a restart. */
    public void commit(String checkpoint) {
        try {
            writer.setLiveCommitData(Map.of(LAYOUT_KEY, LAYOUT, CHECKPOINT_KEY, checkpoint).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("the fleet index could not be committed", e);
        }
    }

    /** Commits what was written (keeping the last checkpoint: changes after it are fed again, harmlessly). */
    @Override
    public void close() {
        try (directory; writer; searchers) {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("the fleet index could not be closed", e);
        }
    }
}
