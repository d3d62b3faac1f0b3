package io.fleetline.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.arn.AccountScope;
import org.junit.jupiter.api.Test;

class DeviceAccountTest {
    private static final DeviceAccount SHARED = DeviceAccount.of(new AccountScope("eu-west-1", "111111111111"),
            null, null, true);
    private static final DeviceAccount ALONE = DeviceAccount.of(new AccountScope("eu-west-1", "111111111111"),
            null, null, false);

    @Test
    void an_account_alone_on_the_broker_names_everything_as_its_devices_do() {
        assertThat(ALONE.namespaced()).isFalse();
        assertThat(ALONE.inside("fleet/a")).isEqualTo("fleet/a");
        assertThat(ALONE.inside("$aws/things/t/jobs/get")).isEqualTo("$aws/things/t/jobs/get");
        assertThat(ALONE.outside("fleetline/222222222222/eu-west-1/x")).isEqualTo("fleetline/222222222222/eu-west-1/x");
    }

    @Test
    void a_shared_account_keeps_ordinary_and_dollar_topics_in_separate_trees() {
        assertThat(SHARED.inside("fleet/a")).isEqualTo("fleetline/111111111111/eu-west-1/fleet/a");
        assertThat(SHARED.inside("#")).isEqualTo("fleetline/111111111111/eu-west-1/#");
        // HiveMQ refuses client publishes to $ topics, and # must not match $aws/...: a tree without a leading $
        assertThat(SHARED.inside("$aws/things/t/jobs/get")).isEqualTo("fleetline$/111111111111/eu-west-1/aws/things/t/jobs/get");
    }

    @Test
    void outside_undoes_inside_and_leaves_other_accounts_names_alone() {
        for (String name : new String[] {"fleet/a", "$aws/events/presence/connected/c", "dev-1", "#", "+/x"}) {
            assertThat(SHARED.outside(SHARED.inside(name))).isEqualTo(name);
        }
        assertThat(SHARED.outside("fleetline/222222222222/eu-west-1/fleet/a"))
                .isEqualTo("fleetline/222222222222/eu-west-1/fleet/a");
    }

    @Test
    void a_topic_loses_whichever_namespace_it_is_in() {
        assertThat(DeviceAccount.withoutNamespace("fleetline/111111111111/eu-west-1/fleet/a")).isEqualTo("fleet/a");
        assertThat(DeviceAccount.withoutNamespace("fleetline$/111111111111/eu-west-1/aws/things/t"))
                .isEqualTo("$aws/things/t");
        assertThat(DeviceAccount.withoutNamespace("fleet/a")).isEqualTo("fleet/a");
    }
}
