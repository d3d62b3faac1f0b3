package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteS3SdkIT extends S3SdkIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
