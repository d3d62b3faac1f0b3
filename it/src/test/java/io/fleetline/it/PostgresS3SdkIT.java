package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresS3SdkIT extends S3SdkIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
