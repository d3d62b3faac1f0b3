package io.fleetline.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.broker.DeviceAccount;
import io.fleetline.core.arn.AccountScope;
import org.junit.jupiter.api.Test;

class NamespacedFiltersTest {
    private static final DeviceAccount SHARED = DeviceAccount.of(new AccountScope("us-east-1", "111111111111"),
            null, null, true);

    @Test
    void a_shared_subscription_keeps_its_group_in_front() {
        assertThat(DeviceRules.insideFilter(SHARED, "$share/workers/jobs/#"))
                .isEqualTo("$share/workers/fleetline/111111111111/us-east-1/jobs/#");
        assertThat(DeviceRules.outsideFilter(SHARED, "$share/workers/fleetline/111111111111/us-east-1/jobs/#"))
                .isEqualTo("$share/workers/jobs/#");
    }

    @Test
    void filters_go_in_and_come_out_whole() {
        assertThat(DeviceRules.insideFilter(SHARED, "$aws/things/+/jobs/#"))
                .isEqualTo("fleetline$/111111111111/us-east-1/aws/things/+/jobs/#");
        assertThat(DeviceRules.outsideFilter(SHARED, DeviceRules.insideFilter(SHARED, "sensors/+/temp")))
                .isEqualTo("sensors/+/temp");
        // whether the authorizer sees the filter before or after the interceptor, it judges the device's name
        assertThat(DeviceRules.outsideFilter(SHARED, "sensors/+/temp")).isEqualTo("sensors/+/temp");
    }
}
