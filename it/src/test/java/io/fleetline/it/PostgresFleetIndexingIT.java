package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresFleetIndexingIT extends FleetIndexingIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
