package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteHostileMqttIT extends HostileMqttIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
