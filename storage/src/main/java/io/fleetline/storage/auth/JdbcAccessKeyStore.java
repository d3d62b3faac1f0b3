package io.fleetline.storage.auth;

import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.auth.AccessKeyStore;
import io.fleetline.storage.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link AccessKeyStore} on a {@link Database}. */
public final class JdbcAccessKeyStore implements AccessKeyStore {
    private final Database database;

    public JdbcAccessKeyStore(Database database) {
        this.database = database;
    }

    @Override
    public Optional<AccessKey> find(String id) {
        return database.read(h -> h.createQuery("SELECT id, secret, created_at FROM access_key WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new AccessKey(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .findOne());
    }

    @Override
    public void save(AccessKey key) {
        database.write(h -> h.createUpdate("INSERT INTO access_key (id, secret, created_at) VALUES (:id, :secret, :at)")
                .bind("id", key.id()).bind("secret", key.secret()).bind("at", key.createdAt().toEpochMilli())
                .execute());
    }

    @Override
    public List<AccessKey> all() {
        return database.read(h -> h.createQuery("SELECT id, secret, created_at FROM access_key ORDER BY created_at, id")
                .map((rs, ctx) -> new AccessKey(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .list());
    }
}
