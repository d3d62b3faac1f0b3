package io.fleetline.search;

/** One of GetBucketsAggregation's terms buckets: a value of the field and how many things hold it. */
public record Bucket(String keyValue, long count) {
}
