package io.fleetline.storage.blobs;

import io.fleetline.blobs.BlobStore;
import io.fleetline.blobs.BlobStoreContract;
import io.fleetline.blobs.Blobs;
import io.fleetline.blobs.content.FileContentStore;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.time.ManualClock;
import io.fleetline.storage.Database;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlobStore} contract on the embedded store: the account's database and a content directory. */
abstract class EmbeddedBlobStoreContract extends BlobStoreContract {
    @TempDir
    Path dir;
    String url;
    Database database;

    abstract String newDatabaseUrl(Path dir);

    abstract void dropDatabase(String url);

    @Override
    protected BlobStore openStore() {
        url = newDatabaseUrl(dir);
        database = Database.open(url);
        return Blobs.open(new JdbcBlobMetadataStore(database), FileContentStore.open(dir.resolve("blobs")),
                new AccountScope("us-east-1", "123456789012"), new ManualClock(Instant.parse("2026-06-01T12:00:00Z")))
                .asBlobStore();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
        dropDatabase(url);
    }
}
