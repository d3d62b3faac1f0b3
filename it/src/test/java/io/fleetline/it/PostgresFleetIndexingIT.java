package io.fleetline.it;

import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FleetIndexingIT} on PostgreSQL. Its CLI scenarios run with the AWS CLI v2 only: v1 sends the same requests to the same
 * handlers, which SQLite's run covers with both; what differs here is the store under them.
 */
class PostgresFleetIndexingIT extends FleetIndexingIT {
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
    void the_cli_configures_indexing_and_searches_with_terms_ranges_booleans_and_pages(AwsCli aws) {
        super.the_cli_configures_indexing_and_searches_with_terms_ranges_booleans_and_pages(aws);
    }
}
