package io.fleetline.storage.blobs;

import static io.fleetline.storage.blobs.BlobRows.BUCKET_COLUMNS;
import static io.fleetline.storage.blobs.BlobRows.PART_COLUMNS;
import static io.fleetline.storage.blobs.BlobRows.UPLOAD_COLUMNS;
import static io.fleetline.storage.blobs.BlobRows.VERSION_COLUMNS;

import io.fleetline.blobs.BlobMetadataTx;
import io.fleetline.blobs.KeyBounds;
import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketEncryption;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.content.ContentId;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.multipart.Part;
import io.fleetline.blobs.object.ObjectData;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.VersionId;
import io.fleetline.storage.Json;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** The object store's reads and writes on one JDBC transaction. Keys are bound as their UTF-8 bytes. */
final class JdbcBlobMetadataTx implements BlobMetadataTx {
    private static final int IN_CHUNK = 500;

    private final Handle handle;

    JdbcBlobMetadataTx(Handle handle) {
        this.handle = handle;
    }

    // ---- buckets

    @Override
    public Optional<Bucket> findBucket(BucketName name) {
        return handle.createQuery("SELECT " + BUCKET_COLUMNS + " FROM blob_bucket WHERE name = :name")
                .bind("name", name.value()).map((rs, ctx) -> BlobRows.bucket(rs)).findOne();
    }

    @Override
    public void insertBucket(Bucket bucket) {
        handle.createUpdate("INSERT INTO blob_bucket (" + BUCKET_COLUMNS + ") VALUES (:name, :region, :created, "
                        + ":versioning)")
                .bind("name", bucket.name().value()).bind("region", bucket.region())
                .bind("created", bucket.created().toEpochMilli()).bind("versioning", bucket.versioning().name())
                .execute();
    }

    @Override
    public void updateBucket(Bucket bucket) {
        handle.createUpdate("UPDATE blob_bucket SET versioning = :versioning WHERE name = :name")
                .bind("name", bucket.name().value()).bind("versioning", bucket.versioning().name()).execute();
    }

    @Override
    public Optional<BucketEncryption> findEncryption(BucketName name) {
        return handle.createQuery("SELECT sse_algorithm, sse_bucket_key FROM blob_bucket WHERE name = :name "
                        + "AND sse_algorithm IS NOT NULL")
                .bind("name", name.value()).map((rs, ctx) -> BlobRows.encryption(rs)).findOne();
    }

    @Override
    public void updateEncryption(BucketName name, Optional<BucketEncryption> encryption) {
        handle.createUpdate("UPDATE blob_bucket SET sse_algorithm = :algorithm, sse_bucket_key = :key "
                        + "WHERE name = :name")
                .bind("name", name.value())
                .bind("algorithm", encryption.map(BucketEncryption::algorithm).orElse(null))
                .bind("key", encryption.flatMap(BucketEncryption::bucketKeyEnabled)
                        .map(enabled -> enabled ? (short) 1 : (short) 0).orElse(null))
                .execute();
    }

    @Override
    public void deleteBucket(BucketName name) {
        handle.createUpdate("DELETE FROM blob_bucket WHERE name = :name").bind("name", name.value()).execute();
    }

    @Override
    public List<Bucket> listBuckets() {
        // sorted here: a PostgreSQL collation may order '.' and '-' otherwise than S3 (by code point)
        return handle.createQuery("SELECT " + BUCKET_COLUMNS + " FROM blob_bucket")
                .map((rs, ctx) -> BlobRows.bucket(rs)).stream()
                .sorted(Comparator.comparing(Bucket::name)).toList();
    }

    @Override
    public boolean holdsVersions(BucketName bucket) {
        return handle.createQuery("SELECT 1 FROM blob_version WHERE bucket = :bucket LIMIT 1")
                .bind("bucket", bucket.value()).mapTo(Integer.class).findOne().isPresent();
    }

    // ---- versions

    @Override
    public Optional<ObjectVersion> latestVersion(BucketName bucket, ObjectKey key) {
        return handle.createQuery("SELECT " + VERSION_COLUMNS + " FROM blob_version "
                        + "WHERE bucket = :bucket AND object_key = :key ORDER BY seq DESC LIMIT 1")
                .bind("bucket", bucket.value()).bind("key", key.utf8())
                .map((rs, ctx) -> BlobRows.version(rs)).findOne();
    }

    @Override
    public Optional<ObjectVersion> findVersion(BucketName bucket, ObjectKey key, VersionId versionId) {
        return handle.createQuery("SELECT " + VERSION_COLUMNS + " FROM blob_version "
                        + "WHERE bucket = :bucket AND object_key = :key AND version_id = :version")
                .bind("bucket", bucket.value()).bind("key", key.utf8()).bind("version", versionId.value())
                .map((rs, ctx) -> BlobRows.version(rs)).findOne();
    }

    @Override
    public void insertVersion(BucketName bucket, ObjectVersion version) {
        handle.createUpdate("UPDATE blob_version SET is_latest = 0 "
                        + "WHERE bucket = :bucket AND object_key = :key AND is_latest = 1")
                .bind("bucket", bucket.value()).bind("key", version.key().utf8()).execute();
        Optional<ObjectData> data = version.data();
        handle.createUpdate("INSERT INTO blob_version (bucket, " + VERSION_COLUMNS + ") VALUES (:bucket, :key, "
                        + ":version, :seq, 1, :modified, :content, :size, :etag, :sha256, :type, :metadata)")
                .bind("bucket", bucket.value()).bind("key", version.key().utf8())
                .bind("version", version.versionId().value()).bind("seq", version.sequence())
                .bind("modified", version.lastModified().toEpochMilli())
                .bind("content", data.map(d -> d.content().value()).orElse(null))
                .bind("size", data.map(ObjectData::size).orElse(null))
                .bind("etag", data.map(d -> d.etag().value()).orElse(null))
                .bind("sha256", data.map(ObjectData::sha256Hex).orElse(null))
                .bind("type", data.map(d -> d.attributes().contentType()).orElse(null))
                .bind("metadata", data.map(d -> Json.write(d.attributes().userMetadata())).orElse(null))
                .execute();
    }

    @Override
    public void deleteVersion(BucketName bucket, ObjectKey key, VersionId versionId) {
        Optional<ObjectVersion> version = findVersion(bucket, key, versionId);
        if (version.isEmpty()) {
            return;
        }
        handle.createUpdate("DELETE FROM blob_version WHERE bucket = :bucket AND object_key = :key "
                        + "AND version_id = :version")
                .bind("bucket", bucket.value()).bind("key", key.utf8()).bind("version", versionId.value()).execute();
        if (version.get().latest()) {
            latestVersion(bucket, key).ifPresent(next -> handle.createUpdate("UPDATE blob_version SET is_latest = 1 "
                            + "WHERE bucket = :bucket AND object_key = :key AND version_id = :version")
                    .bind("bucket", bucket.value()).bind("key", key.utf8())
                    .bind("version", next.versionId().value()).execute());
        }
    }

    @Override
    public List<ObjectVersion> listCurrent(BucketName bucket, KeyBounds bounds, int limit) {
        // the conditions of the partial index blob_version_current, word for word, so SQLite uses it too
        return bounded("SELECT " + VERSION_COLUMNS + " FROM blob_version WHERE bucket = :bucket "
                + "AND is_latest = 1 AND content_id IS NOT NULL AND object_key >= :from", bounds,
                "ORDER BY object_key LIMIT :limit")
                .bind("bucket", bucket.value()).bind("limit", limit)
                .map((rs, ctx) -> BlobRows.version(rs)).list();
    }

    @Override
    public List<ObjectVersion> listVersions(BucketName bucket, KeyBounds bounds, long belowSequence, int limit) {
        return bounded("SELECT " + VERSION_COLUMNS + " FROM blob_version WHERE bucket = :bucket "
                + "AND object_key >= :from AND (object_key > :from OR seq < :below)", bounds,
                "ORDER BY object_key, seq DESC LIMIT :limit")
                .bind("bucket", bucket.value()).bind("below", belowSequence).bind("limit", limit)
                .map((rs, ctx) -> BlobRows.version(rs)).list();
    }

    // ---- uploads and parts

    @Override
    public Optional<MultipartUpload> findUpload(String uploadId) {
        return handle.createQuery("SELECT " + UPLOAD_COLUMNS + " FROM blob_upload WHERE upload_id = :id")
                .bind("id", uploadId).map((rs, ctx) -> BlobRows.upload(rs)).findOne();
    }

    @Override
    public void insertUpload(MultipartUpload upload) {
        handle.createUpdate("INSERT INTO blob_upload (" + UPLOAD_COLUMNS + ") VALUES (:id, :bucket, :key, "
                        + ":initiated, :type, :metadata)")
                .bind("id", upload.uploadId()).bind("bucket", upload.bucket().value())
                .bind("key", upload.key().utf8()).bind("initiated", upload.initiated().toEpochMilli())
                .bind("type", upload.attributes().contentType())
                .bind("metadata", Json.write(upload.attributes().userMetadata()))
                .execute();
    }

    @Override
    public void deleteUpload(String uploadId) {
        handle.createUpdate("DELETE FROM blob_part WHERE upload_id = :id").bind("id", uploadId).execute();
        handle.createUpdate("DELETE FROM blob_upload WHERE upload_id = :id").bind("id", uploadId).execute();
    }

    @Override
    public List<MultipartUpload> listUploads(BucketName bucket, KeyBounds bounds, String afterUploadId, int limit) {
        return bounded("SELECT " + UPLOAD_COLUMNS + " FROM blob_upload WHERE bucket = :bucket "
                + "AND object_key >= :from AND (object_key > :from OR upload_id > :after)", bounds,
                "ORDER BY object_key, upload_id LIMIT :limit")
                .bind("bucket", bucket.value()).bind("after", afterUploadId).bind("limit", limit)
                .map((rs, ctx) -> BlobRows.upload(rs)).list();
    }

    @Override
    public Optional<Part> findPart(String uploadId, int number) {
        return handle.createQuery("SELECT " + PART_COLUMNS + " FROM blob_part WHERE upload_id = :id "
                        + "AND part_number = :number")
                .bind("id", uploadId).bind("number", number).map((rs, ctx) -> BlobRows.part(rs)).findOne();
    }

    @Override
    public void putPart(String uploadId, Part part) {
        handle.createUpdate("DELETE FROM blob_part WHERE upload_id = :id AND part_number = :number")
                .bind("id", uploadId).bind("number", part.number()).execute();
        handle.createUpdate("INSERT INTO blob_part (upload_id, " + PART_COLUMNS + ") VALUES (:id, :number, :size, "
                        + ":etag, :content, :modified)")
                .bind("id", uploadId).bind("number", part.number()).bind("size", part.size())
                .bind("etag", part.etag().value()).bind("content", part.content().value())
                .bind("modified", part.lastModified().toEpochMilli())
                .execute();
    }

    @Override
    public List<Part> listParts(String uploadId, int afterNumber, int limit) {
        return handle.createQuery("SELECT " + PART_COLUMNS + " FROM blob_part WHERE upload_id = :id "
                        + "AND part_number > :after ORDER BY part_number LIMIT :limit")
                .bind("id", uploadId).bind("after", afterNumber).bind("limit", limit)
                .map((rs, ctx) -> BlobRows.part(rs)).list();
    }

    // ---- contents

    @Override
    public Set<ContentId> referenced(Collection<ContentId> ids) {
        List<String> all = ids.stream().map(ContentId::value).distinct().toList();
        Set<ContentId> found = new HashSet<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            handle.createQuery("SELECT content_id FROM blob_version WHERE content_id IN (<ids>) "
                            + "UNION SELECT content_id FROM blob_part WHERE content_id IN (<ids>)")
                    .bindList("ids", all.subList(from, Math.min(all.size(), from + IN_CHUNK)))
                    .mapTo(String.class).forEach(id -> found.add(ContentId.of(id)));
        }
        return found;
    }

    /** A query over {@code [from, to)} of keys: the start is bound as {@code :from}, an end adds its condition. */
    private Query bounded(String select, KeyBounds bounds, String tail) {
        String sql = select + (bounds.to().isPresent() ? " AND object_key < :to " : " ") + tail;
        Query query = handle.createQuery(sql).bind("from", bounds.from());
        bounds.to().ifPresent(to -> query.bind("to", to));
        return query;
    }
}
