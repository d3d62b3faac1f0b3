package io.fleetline.it;

import io.fleetline.testkit.Store;

class SqliteBillingGroupsCliIT extends BillingGroupsCliIT {
    @Override
    Store store() {
        return Store.SQLITE;
    }
}
