package io.fleetline.storage.security;

import io.fleetline.storage.TestDatabases;

class PostgresCertificateOwnershipTest extends CertificateOwnershipContract {
    @Override
    String newDatabaseUrl() {
        return TestDatabases.postgresUrl();
    }

    @Override
    void dropDatabase(String url) {
        TestDatabases.dropPostgresSchema(url);
    }
}
