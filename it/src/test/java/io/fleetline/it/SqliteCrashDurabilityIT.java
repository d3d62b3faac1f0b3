package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteCrashDurabilityIT extends CrashDurabilityIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
