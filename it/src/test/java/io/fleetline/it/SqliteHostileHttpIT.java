package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteHostileHttpIT extends HostileHttpIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
