package io.fleetline.storage.ota;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class PostgresOtaUpdateRestartTest extends OtaUpdateRestartContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
