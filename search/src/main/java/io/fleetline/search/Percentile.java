package io.fleetline.search;

/** One of GetPercentiles' answers: the value below which {@code percent} per cent of the field's values lie. */
public record Percentile(double percent, double value) {
}
