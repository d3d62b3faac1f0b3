package io.fleetline.simulator.profile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which device falls into which cohort: each share of the fleet rounded to whole devices (the remainders go to the
 * largest fractions, so the counts add up to the shares' total of the fleet), and the devices, in name order, shuffled
 * by the profile's seed. The same profile and the same devices give the same cohorts, in any JVM.
 */
public final class CohortAssignment {
    private CohortAssignment() {
    }

    /** Each device's cohort, in the devices' shuffled order. */
    public static Map<String, Cohort> assign(FaultProfile profile, Collection<String> devices) {
        List<String> order = new ArrayList<>(devices.stream().distinct().sorted().toList());
        Collections.shuffle(order, new Random(profile.seed()));
        long[] counts = counts(profile.shares(), order.size());
        Map<String, Cohort> cohorts = new LinkedHashMap<>();
        int next = 0;
        for (int i = 0; i < counts.length; i++) {
            for (long n = 0; n < counts[i]; n++) {
                cohorts.put(order.get(next++), profile.shares().get(i).cohort());
            }
        }
        while (next < order.size()) {
            cohorts.put(order.get(next++), new Cohort.Healthy());
        }
        return cohorts;
    }

    /** Whole devices for each share of {@code fleet}, by largest remainder. */
    static long[] counts(List<FaultProfile.Share> shares, int fleet) {
        BigDecimal size = BigDecimal.valueOf(fleet);
        BigDecimal[] exact = shares.stream().map(s -> s.percent().multiply(size).divide(FaultProfile.ALL))
                .toArray(BigDecimal[]::new);
        BigDecimal total = java.util.Arrays.stream(exact).reduce(BigDecimal.ZERO, BigDecimal::add);
        long wanted = Math.min(fleet, total.setScale(0, RoundingMode.HALF_UP).longValueExact());
        long[] counts = new long[exact.length];
        long given = 0;
        for (int i = 0; i < exact.length; i++) {
            counts[i] = exact[i].setScale(0, RoundingMode.FLOOR).longValueExact();
            given += counts[i];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < exact.length; i++) {
            byRemainder.add(i);
        }
        byRemainder.sort(Comparator.comparing((Integer i) -> exact[i].subtract(BigDecimal.valueOf(counts[i])))
                .reversed());
        for (int k = 0; given < wanted && k < byRemainder.size(); k++, given++) {
            counts[byRemainder.get(k)]++;
        }
        return counts;
    }
}
