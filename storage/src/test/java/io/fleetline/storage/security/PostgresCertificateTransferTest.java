package io.fleetline.storage.security;

import io.fleetline.storage.TestDatabases;

class PostgresCertificateTransferTest extends CertificateTransferContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
