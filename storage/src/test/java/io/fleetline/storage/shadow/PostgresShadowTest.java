package io.fleetline.storage.shadow;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class PostgresShadowTest extends ShadowContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
