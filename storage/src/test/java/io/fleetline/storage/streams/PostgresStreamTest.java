package io.fleetline.storage.streams;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class PostgresStreamTest extends StreamContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
