package io.fleetline.search;

/** An aggregation the index cannot answer (a field no query could name, percents out of range); AWS's
 * {@code InvalidAggregationException}. */
public final class InvalidAggregationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidAggregationException(String message) {
        super(message);
    }
}
