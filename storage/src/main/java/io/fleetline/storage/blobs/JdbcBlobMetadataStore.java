package io.fleetline.storage.blobs;

import io.fleetline.blobs.BlobMetadataStore;
import io.fleetline.blobs.BlobMetadataTx;
import io.fleetline.storage.Database;
import java.util.function.Function;

/** {@link BlobMetadataStore} on a {@link Database}, the account's own. */
public final class JdbcBlobMetadataStore implements BlobMetadataStore {
    private final Database database;

    public JdbcBlobMetadataStore(Database database) {
        this.database = database;
    }

    @Override
    public <T> T transact(Function<BlobMetadataTx, T> work) {
        return database.write(handle -> work.apply(new JdbcBlobMetadataTx(handle)));
    }

    @Override
    public <T> T read(Function<BlobMetadataTx, T> work) {
        return database.read(handle -> work.apply(new JdbcBlobMetadataTx(handle)));
    }
}
