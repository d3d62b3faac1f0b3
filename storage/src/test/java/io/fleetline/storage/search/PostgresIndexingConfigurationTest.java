package io.fleetline.storage.search;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class PostgresIndexingConfigurationTest extends IndexingConfigurationContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        // the schema goes when the test is done
        TestDatabases.dropPostgresSchema(url);
    }
}
