package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresOtaCrashIT extends OtaCrashIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
