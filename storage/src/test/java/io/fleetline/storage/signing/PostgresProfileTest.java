package io.fleetline.storage.signing;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class PostgresProfileTest extends ProfileContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
