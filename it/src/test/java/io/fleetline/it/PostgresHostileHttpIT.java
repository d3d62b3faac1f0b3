package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresHostileHttpIT extends HostileHttpIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
