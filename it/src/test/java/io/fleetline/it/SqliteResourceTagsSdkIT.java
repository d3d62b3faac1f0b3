package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteResourceTagsSdkIT extends ResourceTagsSdkIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
