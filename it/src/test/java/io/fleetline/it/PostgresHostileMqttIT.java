package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresHostileMqttIT extends HostileMqttIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
