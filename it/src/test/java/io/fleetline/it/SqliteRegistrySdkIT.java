package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteRegistrySdkIT extends RegistrySdkIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
