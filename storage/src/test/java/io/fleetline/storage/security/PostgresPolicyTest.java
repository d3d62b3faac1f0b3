package io.fleetline.storage.security;

import io.fleetline.storage.TestDatabases;

class PostgresPolicyTest extends PolicyContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
