package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteMultipartKillIT extends MultipartKillIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
