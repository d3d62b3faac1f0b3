package io.fleetline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks' command lines, read by the one parser their options classes share. */
class BenchArgsTest {
    @Test
    void flags_and_options_mix_in_any_order() {
        FleetOptions fleet = FleetOptions.parse(new String[] {"--keep", "--devices", "5000,100", "--profile",
            "--server-jvm", "-Xmx1g -XX:+UseZGC", "--timeout", "60"});

        assertThat(fleet.keep).isTrue();
        assertThat(fleet.profile).isTrue();
        assertThat(fleet.devices).containsExactly(100, 5000);
        assertThat(fleet.serverJvm).containsExactly("-Xmx1g", "-XX:+UseZGC");
        assertThat(fleet.timeout).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void each_benchmark_keeps_its_defaults_for_what_is_not_given() {
        OtaOptions ota = OtaOptions.parse(new String[] {"--parts", "stream,https", "--fleetline-jvm", " "});

        assertThat(ota.parts).isEqualTo(List.of("stream", "https"));
        assertThat(ota.fleetlineJvm).isEmpty();
        assertThat(ota.devices).containsExactly(100, 1000);
        assertThat(ota.keep).isFalse();
    }

    @Test
    void an_unknown_option_or_one_without_its_value_is_refused_by_name() {
        assertThatThrownBy(() -> OtaOptions.parse(new String[] {"--devcies", "10"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --devcies");
        assertThatThrownBy(() -> FleetOptions.parse(new String[] {"--keep", "--devices"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("option --devices needs a value");
    }
}
