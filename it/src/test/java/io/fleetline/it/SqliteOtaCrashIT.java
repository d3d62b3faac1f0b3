package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteOtaCrashIT extends OtaCrashIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
