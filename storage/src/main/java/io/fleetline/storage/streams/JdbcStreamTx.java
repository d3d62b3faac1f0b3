package io.fleetline.storage.streams;

import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.streams.Stream;
import io.fleetline.ota.streams.StreamId;
import io.fleetline.ota.streams.StreamTx;
import io.fleetline.storage.ResourceTags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/** {@link StreamTx} within one JDBC transaction. */
final class JdbcStreamTx implements StreamTx {
    private final Handle h;

    JdbcStreamTx(Handle h) {
        this.h = h;
    }

    @Override
    public Optional<Stream> find(StreamId id) {
        return h.createQuery("SELECT * FROM stream WHERE stream_id = :id").bind("id", id.value())
                .map((rs, ctx) -> StreamRows.stream(rs)).findOne();
    }

    @Override
    public void insert(Stream stream) {
        bind(h.createUpdate("""
                INSERT INTO stream (stream_id, description, files, role_arn, version, created_at, last_updated_at)
                VALUES (:id, :description, :files, :role, :version, :created, :updated)"""), stream).execute();
    }

    @Override
    public void update(Stream stream) {
        bind(h.createUpdate("""
                UPDATE stream SET description = :description, files = :files, role_arn = :role, version = :version,
                    created_at = :created, last_updated_at = :updated
                WHERE stream_id = :id"""), stream).execute();
    }

    private static Update bind(Update update, Stream stream) {
        return update.bind("id", stream.id().value()).bind("description", stream.description().orElse(null))
                .bind("files", StreamRows.files(stream.files())).bind("role", stream.roleArn())
                .bind("version", stream.version()).bind("created", stream.createdAt().toEpochMilli())
                .bind("updated", stream.lastUpdatedAt().toEpochMilli());
    }

    @Override
    public void delete(StreamId id) {
        h.createUpdate("DELETE FROM stream WHERE stream_id = :id").bind("id", id.value()).execute();
    }

    @Override
    public List<Stream> list(PageRequest page, boolean ascending) {
        String after = ascending ? " WHERE stream_id > :after" : " WHERE stream_id < :after";
        Query q = h.createQuery("SELECT * FROM stream" + (page.after().isPresent() ? after : "")
                + " ORDER BY stream_id" + (ascending ? "" : " DESC") + " LIMIT :limit")
                .bind("limit", page.limit() + 1);
        page.after().ifPresent(a -> q.bind("after", a));
        return q.map((rs, ctx) -> StreamRows.stream(rs)).list();
    }

    @Override
    public Optional<Integer> deletedVersion(StreamId id, Instant since) {
        return h.createQuery("SELECT version FROM stream_deleted WHERE stream_id = :id AND deleted_at >= :since")
                .bind("id", id.value()).bind("since", since.toEpochMilli()).mapTo(Integer.class).findOne();
    }

    @Override
    public void recordDeleted(StreamId id, int version, Instant at) {
        forgetDeleted(id);
        h.createUpdate("INSERT INTO stream_deleted (stream_id, version, deleted_at) VALUES (:id, :version, :at)")
                .bind("id", id.value()).bind("version", version).bind("at", at.toEpochMilli()).execute();
    }

    @Override
    public void forgetDeleted(StreamId id) {
        h.createUpdate("DELETE FROM stream_deleted WHERE stream_id = :id").bind("id", id.value()).execute();
    }

    @Override
    public void forgetDeletedBefore(Instant before) {
        h.createUpdate("DELETE FROM stream_deleted WHERE deleted_at < :before").bind("before", before.toEpochMilli())
                .execute();
    }

    @Override
    public void putTags(String arn, Map<String, String> tags) {
        ResourceTags.put(h, arn, tags);
    }

    @Override
    public void deleteTags(String arn) {
        ResourceTags.removeAll(h, arn);
    }
}
