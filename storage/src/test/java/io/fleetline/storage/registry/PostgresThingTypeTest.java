package io.fleetline.storage.registry;

import io.fleetline.storage.TestDatabases;

class PostgresThingTypeTest extends ThingTypeContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
