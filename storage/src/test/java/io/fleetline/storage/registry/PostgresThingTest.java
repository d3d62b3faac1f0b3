package io.fleetline.storage.registry;

import io.fleetline.storage.TestDatabases;

class PostgresThingTest extends ThingContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
