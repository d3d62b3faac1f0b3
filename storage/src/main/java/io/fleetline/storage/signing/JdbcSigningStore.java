package io.fleetline.storage.signing;

import io.fleetline.ota.signing.SigningStore;
import io.fleetline.ota.signing.SigningTx;
import io.fleetline.storage.Database;
import java.util.function.Function;

/** {@link SigningStore} on a {@link Database}, the account's own. */
public final class JdbcSigningStore implements SigningStore {
    private final Database database;

    public JdbcSigningStore(Database database) {
        this.database = database;
    }

    @Override
    public <T> T transact(Function<SigningTx, T> work) {
        return database.write(handle -> work.apply(new JdbcSigningTx(handle)));
    }

    @Override
    public <T> T read(Function<SigningTx, T> work) {
        return database.read(handle -> work.apply(new JdbcSigningTx(handle)));
    }
}
