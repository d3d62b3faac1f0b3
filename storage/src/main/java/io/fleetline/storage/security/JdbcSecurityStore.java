package io.fleetline.storage.security;

import io.fleetline.security.SecurityStore;
import io.fleetline.security.SecurityTx;
import io.fleetline.storage.Database;
import java.util.function.Function;

/** {@link SecurityStore} on a {@link Database}. */
public final class JdbcSecurityStore implements SecurityStore {
    private final Database database;

    public JdbcSecurityStore(Database database) {
        this.database = database;
    }

    @Override
    public <T> T transact(Function<SecurityTx, T> work) {
        return database.write(handle -> work.apply(new JdbcSecurityTx(handle)));
    }

    @Override
    public <T> T read(Function<SecurityTx, T> work) {
        return database.read(handle -> work.apply(new JdbcSecurityTx(handle)));
    }
}
