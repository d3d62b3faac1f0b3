package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresRegistryCliIT extends RegistryCliIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
