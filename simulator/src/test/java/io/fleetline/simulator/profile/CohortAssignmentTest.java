package io.fleetline.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CohortAssignmentTest {
    private static final FaultProfile PROFILE = FaultProfile.parse("""
            seed: 7
            faults:
              failHealthCheck: 30%
              offline: 12.5%
              corruptImage: 0.5%
            """);

    private static List<String> devices(int n) {
        return IntStream.range(0, n).mapToObj(i -> "dev-" + i).toList();
    }

    private static Map<String, Long> sizes(Map<String, Cohort> cohorts) {
        return cohorts.values().stream().collect(Collectors.groupingBy(Cohort::name, Collectors.counting()));
    }

    @Test
    void gives_each_cohort_its_share_of_the_fleet_in_whole_devices() {
        Map<String, Cohort> cohorts = CohortAssignment.assign(PROFILE, devices(200));

        assertThat(cohorts).hasSize(200);
        assertThat(sizes(cohorts)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "failHealthCheck", 60L, "offline", 25L, "corruptImage", 1L, "healthy", 114L));
    }

    @Test
    void rounds_shares_so_that_they_add_up_to_the_total_share() {
        // 3 × 33.3% of 10 devices is 9.99: ten devices, one cohort gets the fourth
        FaultProfile thirds = FaultProfile.parse("faults: {slow: 33.33%, offline: 33.33%, failHealthCheck: 33.34%}");

        Map<String, Long> sizes = sizes(CohortAssignment.assign(thirds, devices(10)));

        assertThat(sizes.values()).containsExactlyInAnyOrder(3L, 3L, 4L);
        assertThat(sizes).doesNotContainKey("healthy");
    }

    @Test
    void the_same_seed_and_devices_give_the_same_cohorts_in_any_order_and_another_seed_others() {
        List<String> fleet = devices(500);
        Map<String, Cohort> once = CohortAssignment.assign(PROFILE, fleet);
        Map<String, Cohort> again = CohortAssignment.assign(PROFILE, fleet.reversed());
        Map<String, Cohort> reseeded = CohortAssignment.assign(PROFILE.withSeed(8), fleet);

        assertThat(again).isEqualTo(once);
        assertThat(reseeded).isNotEqualTo(once);
        assertThat(sizes(reseeded)).isEqualTo(sizes(once));
    }

    @Test
    void spreads_a_cohort_over_the_fleet_rather_than_taking_its_first_devices() {
        Map<String, Cohort> cohorts = CohortAssignment.assign(PROFILE, devices(1_000));
        List<String> failing = cohorts.entrySet().stream().filter(e -> e.getValue() instanceof Cohort.FailHealthCheck)
                .map(Map.Entry::getKey).toList();

        long inFirstHalf = failing.stream().map(d -> Integer.parseInt(d.substring(4))).filter(i -> i < 500).count();
        assertThat(inFirstHalf).isBetween(100L, 200L);
        assertThat(cohorts.keySet()).containsExactlyInAnyOrderElementsOf(devices(1_000).stream()
                .collect(Collectors.toMap(Function.identity(), d -> d)).keySet());
    }
}
