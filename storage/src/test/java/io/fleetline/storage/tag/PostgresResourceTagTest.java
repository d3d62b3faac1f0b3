package io.fleetline.storage.tag;

import io.fleetline.storage.TestDatabases;

class PostgresResourceTagTest extends ResourceTagContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
