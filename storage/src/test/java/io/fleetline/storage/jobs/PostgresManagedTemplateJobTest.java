package io.fleetline.storage.jobs;

import io.fleetline.storage.TestDatabases;

class PostgresManagedTemplateJobTest extends ManagedTemplateJobContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
