package io.fleetline.it;

import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RegistryCliIT} on PostgreSQL. Its CLI scenarios run with the AWS CLI v2 only: v1 sends the same requests to the same
 * handlers, which SQLite's run covers with both; what differs here is the store under them.
 */
class PostgresRegistryCliIT extends RegistryCliIT {
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
    void the_quick_start_and_thing_commands(AwsCli aws) {
        super.the_quick_start_and_thing_commands(aws);
    }

    @Override
    @ParameterizedTest(name = "aws {0}")
    @MethodSource("v2")
    void thing_types_groups_tags_and_endpoint(AwsCli aws) {
        super.thing_types_groups_tags_and_endpoint(aws);
    }

    @Override
    @ParameterizedTest(name = "aws {0}")
    @MethodSource("v2")
    void bad_input_gets_aws_error_types(AwsCli aws) {
        super.bad_input_gets_aws_error_types(aws);
    }
}
