package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteRegistryCliIT extends RegistryCliIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
