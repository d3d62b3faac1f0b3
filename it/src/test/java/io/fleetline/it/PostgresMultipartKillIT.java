package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresMultipartKillIT extends MultipartKillIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
