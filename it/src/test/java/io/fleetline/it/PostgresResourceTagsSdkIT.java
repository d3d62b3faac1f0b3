package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresResourceTagsSdkIT extends ResourceTagsSdkIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
