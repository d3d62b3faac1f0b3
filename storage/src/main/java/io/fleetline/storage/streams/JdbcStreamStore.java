package io.fleetline.storage.streams;

import io.fleetline.ota.streams.StreamStore;
import io.fleetline.ota.streams.StreamTx;
import io.fleetline.storage.Database;
import java.util.function.Function;

/** {@link StreamStore} on a {@link Database}. */
public final class JdbcStreamStore implements StreamStore {
    private final Database database;

    public JdbcStreamStore(Database database) {
        this.database = database;
    }

    @Override
    public <T> T transact(Function<StreamTx, T> work) {
        return database.write(handle -> work.apply(new JdbcStreamTx(handle)));
    }

    @Override
    public <T> T read(Function<StreamTx, T> work) {
        return database.read(handle -> work.apply(new JdbcStreamTx(handle)));
    }
}
