package io.fleetline.it;

import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BillingGroupsCliIT} on PostgreSQL. Its CLI scenarios run with the AWS CLI v2 only: v1 sends the same requests to the same
 * handlers, which SQLite's run covers with both; what differs here is the store under them.
 */
class PostgresBillingGroupsCliIT extends BillingGroupsCliIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }

    static Stream<AwsCli> v2() {
        return RegistryCliIT.clis().limit(1);
    }

    @Override
    @ParameterizedTest(name = "aws {0}")
    @MethodSource("v2")
    void billing_groups_are_created_described_updated_tagged_and_deleted(AwsCli aws) {
        super.billing_groups_are_created_described_updated_tagged_and_deleted(aws);
    }

    @Override
    @ParameterizedTest(name = "aws {0}")
    @MethodSource("v2")
    void a_thing_is_in_one_billing_group_and_describe_thing_names_it(AwsCli aws) {
        super.a_thing_is_in_one_billing_group_and_describe_thing_names_it(aws);
    }

    @Override
    @ParameterizedTest(name = "aws {0}")
    @MethodSource("v2")
    void list_operations_follow_recursive_with_and_without_a_parent(AwsCli aws) {
        super.list_operations_follow_recursive_with_and_without_a_parent(aws);
    }
}
