package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresRegistrySdkIT extends RegistrySdkIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
