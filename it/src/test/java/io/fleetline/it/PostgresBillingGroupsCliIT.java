package io.fleetline.it;

import io.fleetline.testkit.Store;

class PostgresBillingGroupsCliIT extends BillingGroupsCliIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
