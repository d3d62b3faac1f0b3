package io.fleetline.storage.blobs;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class PostgresObjectTest extends ObjectContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
