package io.fleetline.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.NumericUtils;

/**
 * The aggregations over one field of the things a query matches, read from doc values: the field's numbers
 * ({@code n:F}) for statistics and percentiles, its values as written ({@code v:F}) for cardinality and buckets.
 * Exact, where AWS's are approximate.
 */
final class Aggregations {
    private Aggregations() {
    }

    /** Sees the matching documents of one segment, in increasing order. */
    private interface LeafVisit {
        void accept(int doc) throws IOException;
    }

    private interface LeafVisitor {
        LeafVisit open(LeafReader reader) throws IOException;
    }

    private static void forEachMatch(IndexSearcher searcher, Query query, LeafVisitor visitor) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            LeafVisit visit = visitor.open(leaf.reader());
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (live == null || live.get(doc)) {
                    visit.accept(doc);
                }
            }
        }
    }

    private static double[] numbers(IndexSearcher searcher, Query query, String field) throws IOException {
        double[][] numbers = {new double[64]};
        int[] size = {0};
        forEachMatch(searcher, query, reader -> {
            SortedNumericDocValues values = DocValues.getSortedNumeric(reader, ThingFields.number(field));
            return doc -> {
                if (values.advanceExact(doc)) {
                    for (int i = 0; i < values.docValueCount(); i++) {
                        if (size[0] == numbers[0].length) {
                            numbers[0] = Arrays.copyOf(numbers[0], size[0] * 2);
                        }
                        numbers[0][size[0]++] = NumericUtils.sortableLongToDouble(values.nextValue());
                    }
                }
            };
        });
        return Arrays.copyOf(numbers[0], size[0]);
    }

    /** Each value of the field as written, with how many matching things hold it. */
    private static Map<String, Long> valueCounts(IndexSearcher searcher, Query query, String field)
            throws IOException {
        Map<String, Long> counts = new HashMap<>();
        forEachMatch(searcher, query, reader -> {
            SortedSetDocValues values = DocValues.getSortedSet(reader, ThingFields.values(field));
            return doc -> {
                if (values.advanceExact(doc)) {
                    for (int i = 0; i < values.docValueCount(); i++) {
                        counts.merge(values.lookupOrd(values.nextOrd()).utf8ToString(), 1L, Long::sum);
                    }
                }
            };
        });
        return counts;
    }

    static Statistics statistics(IndexSearcher searcher, Query query, String field) throws IOException {
        double[] numbers = numbers(searcher, query, field);
        if (numbers.length == 0) {
            long texts = valueCounts(searcher, query, field).values().stream().mapToLong(Long::longValue).sum();
            return Statistics.ofText(texts);
        }
        double sum = 0;
        double squares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double number : numbers) {
            sum += number;
            squares += number * number;
            min = Math.min(min, number);
            max = Math.max(max, number);
        }
        return Statistics.ofNumbers(numbers.length, sum, min, max, squares);
    }

    static long cardinality(IndexSearcher searcher, Query query, String field) throws IOException {
        return valueCounts(searcher, query, field).size();
    }

    /** Percentiles by linear interpolation between the closest ranks; none when the field holds no numbers. */
    static List<Percentile> percentiles(IndexSearcher searcher, Query query, String field, List<Double> percents)
            throws IOException {
        double[] numbers = numbers(searcher, query, field);
        if (numbers.length == 0) {
            return List.of();
        }
        Arrays.sort(numbers);
        List<Percentile> answer = new ArrayList<>(percents.size());
        for (double percent : percents) {
            double rank = percent / 100 * (numbers.length - 1);
            int below = (int) Math.floor(rank);
            int above = Math.min(below + 1, numbers.length - 1);
            double value = numbers[below] + (rank - below) * (numbers[above] - numbers[below]);
            answer.add(new Percentile(percent, value));
        }
        return answer;
    }

    /** The most frequent values first (ties in value order), at most {@code maxBuckets}. */
    static List<Bucket> buckets(IndexSearcher searcher, Query query, String field, int maxBuckets)
            throws IOException {
        return valueCounts(searcher, query, field).entrySet().stream()
                .map(entry -> new Bucket(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingLong(Bucket::count).reversed().thenComparing(Bucket::keyValue))
                .limit(maxBuckets)
                .toList();
    }
}
