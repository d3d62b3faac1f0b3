package io.fleetline.storage.bus;

import io.fleetline.storage.TestDatabases;

class PostgresRetainedMessageTest extends RetainedMessageContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
