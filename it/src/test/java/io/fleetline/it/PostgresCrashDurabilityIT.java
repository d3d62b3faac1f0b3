package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresCrashDurabilityIT extends CrashDurabilityIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
