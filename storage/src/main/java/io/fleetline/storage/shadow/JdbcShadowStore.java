package io.fleetline.storage.shadow;

import io.fleetline.shadow.ShadowStore;
import io.fleetline.shadow.ShadowTx;
import io.fleetline.storage.Database;
import java.util.function.Function;

/** {@link ShadowStore} on a {@link Database}. */
public final class JdbcShadowStore implements ShadowStore {
    private final Database database;

    public JdbcShadowStore(Database database) {
        this.database = database;
    }

    @Override
    public <T> T transact(Function<ShadowTx, T> work) {
        return database.write(handle -> work.apply(new JdbcShadowTx(handle)));
    }

    @Override
    public <T> T read(Function<ShadowTx, T> work) {
        return database.read(handle -> work.apply(new JdbcShadowTx(handle)));
    }
}
