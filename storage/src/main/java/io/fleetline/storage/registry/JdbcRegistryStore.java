package io.fleetline.storage.registry;

import io.fleetline.registry.RegistryStore;
import io.fleetline.registry.RegistryTx;
import io.fleetline.storage.Database;
import java.util.function.Function;

/** {@link RegistryStore} on a {@link Database}. */
public final class JdbcRegistryStore implements RegistryStore {
    private final Database database;

    public JdbcRegistryStore(Database database) {
        this.database = database;
    }

    @Override
    public <T> T transact(Function<RegistryTx, T> work) {
        return database.write(handle -> work.apply(new JdbcRegistryTx(handle)));
    }

    @Override
    public <T> T read(Function<RegistryTx, T> work) {
        return database.read(handle -> work.apply(new JdbcRegistryTx(handle)));
    }
}
