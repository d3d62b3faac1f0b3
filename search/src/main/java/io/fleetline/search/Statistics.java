package io.fleetline.search;

/**
 * GetStatistics' answer over one field of the things a query matches. {@code count} is how many values the field
 * holds among them (an array counts each element); the rest is there only when those values are numbers
 * ({@link #numeric()}), as AWS answers only the count for a text field.
 */
public record Statistics(long count, boolean numeric, double average, double sum, double minimum, double maximum,
        double sumOfSquares, double variance, double stdDeviation) {

    static Statistics ofText(long count) {
        return new Statistics(count, false, 0, 0, 0, 0, 0, 0, 0);
    }

    static Statistics ofNumbers(long count, double sum, double minimum, double maximum, double sumOfSquares) {
        if (count == 0) {
            return ofText(0);
        }
        double average = sum / count;
        double variance = Math.max(0, sumOfSquares / count - average * average);
        return new Statistics(count, true, average, sum, minimum, maximum, sumOfSquares, variance,
                Math.sqrt(variance));
    }
}
