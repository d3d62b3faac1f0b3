package io.fleetline.storage.jobs;

import io.fleetline.storage.TestDatabases;

class PostgresExecutionTest extends ExecutionContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
