package io.fleetline.storage.signing;

import io.fleetline.storage.TestDatabases;
import java.nio.file.Path;

class SqliteCertificateTest extends CertificateContract {
    @Override
    String newDatabaseUrl(Path dir) {
        return TestDatabases.sqliteUrl(dir);
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes with the test
    }
}
