package io.fleetline.it;

import io.fleetline.testkit.Store;

/** The shadow protocol suite with the account's shadows in PostgreSQL. */
class PostgresShadowProtocolIT extends ShadowProtocolIT {
    @Override
    Store store() {
        return Store.POSTGRESQL;
    }
}
