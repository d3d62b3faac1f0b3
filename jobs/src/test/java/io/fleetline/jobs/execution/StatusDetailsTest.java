package io.fleetline.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.FleetlineException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusDetailsTest {
    @Test
    void keys_values_and_the_number_of_pairs_are_limited() {
        assertThat(StatusDetails.validate(Map.of("step", "downloading", "progress:pct_1-a", "25%"))).hasSize(2);
        assertThatThrownBy(() -> StatusDetails.validate(Map.of("bad key", "x"))).isInstanceOf(FleetlineException.class);
        assertThatThrownBy(() -> StatusDetails.validate(Map.of("k".repeat(129), "x"))).isInstanceOf(FleetlineException.class);
        assertThatThrownBy(() -> StatusDetails.validate(Map.of("k", ""))).isInstanceOf(FleetlineException.class);
        assertThatThrownBy(() -> StatusDetails.validate(Map.of("k", "bell\u0007"))).isInstanceOf(FleetlineException.class);
        assertThatThrownBy(() -> StatusDetails.validate(Map.of("k", "nul\u0000"))).isInstanceOf(FleetlineException.class);
        assertThatThrownBy(() -> StatusDetails.validate(Map.of("k", "lone \uD83D"))).isInstanceOf(FleetlineException.class);
        assertThatThrownBy(() -> StatusDetails.validate(Map.of("k", "v".repeat(1025)))).isInstanceOf(FleetlineException.class);
        Map<String, String> eleven = new HashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("k" + i, "v");
        }
        assertThatThrownBy(() -> StatusDetails.validate(eleven)).isInstanceOf(FleetlineException.class);
    }

    @Test
    void a_device_clients_stdout_with_line_breaks_and_tabs_is_kept_as_sent() {
        String stdout = "Downloading...\r\n\tdone\nfirmware 2.1 \uD83D\uDE80\n";
        assertThat(StatusDetails.validate(Map.of("stdout", stdout))).containsEntry("stdout", stdout);
    }
}
