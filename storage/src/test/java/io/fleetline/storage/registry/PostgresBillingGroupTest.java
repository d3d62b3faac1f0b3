package io.fleetline.storage.registry;

import io.fleetline.storage.TestDatabases;

class PostgresBillingGroupTest extends BillingGroupContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
