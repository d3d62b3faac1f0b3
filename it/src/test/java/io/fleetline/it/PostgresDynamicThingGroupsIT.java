package io.fleetline.it;

import io.fleetline.testkit.AwsCli;
import io.fleetline.testkit.Store;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PostgresDynamicThingGroupsIT extends DynamicThingGroupsIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }

    @Override
    @ParameterizedTest(name = "aws {0}")
    @MethodSource("clis")
    @Disabled("the CLIs meet the same handlers on either store: SQLite runs this; PostgreSQL runs the SDK scenarios")
    void the_clis_create_describe_update_and_delete_a_dynamic_group(AwsCli aws) {
    }
}
