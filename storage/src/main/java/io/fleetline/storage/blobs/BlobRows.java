package io.fleetline.storage.blobs;

import io.fleetline.blobs.bucket.Bucket;
import io.fleetline.blobs.bucket.BucketEncryption;
import io.fleetline.blobs.bucket.BucketName;
import io.fleetline.blobs.bucket.VersioningStatus;
import io.fleetline.blobs.content.ContentId;
import io.fleetline.blobs.multipart.MultipartUpload;
import io.fleetline.blobs.multipart.Part;
import io.fleetline.blobs.object.ETag;
import io.fleetline.blobs.object.ObjectAttributes;
import io.fleetline.blobs.object.ObjectData;
import io.fleetline.blobs.object.ObjectKey;
import io.fleetline.blobs.object.ObjectVersion;
import io.fleetline.blobs.object.VersionId;
import io.fleetline.storage.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Rows of the blob tables as the domain's values. */
final class BlobRows {
    static final String BUCKET_COLUMNS = "name, region, created_at, versioning";
    static final String VERSION_COLUMNS = "object_key, version_id, seq, is_latest, last_modified, content_id, size, "
            + "etag, sha256, content_type, metadata";
    static final String UPLOAD_COLUMNS = "upload_id, bucket, object_key, initiated_at, content_type, metadata";
    static final String PART_COLUMNS = "part_number, size, etag, content_id, last_modified";

    private BlobRows() {
    }

    static Bucket bucket(ResultSet rs) throws SQLException {
        return new Bucket(new BucketName(rs.getString("name")), rs.getString("region"),
                Instant.ofEpochMilli(rs.getLong("created_at")), VersioningStatus.valueOf(rs.getString("versioning")));
    }

    /** A bucket row's default encryption; the caller selected a row that has one. */
    static BucketEncryption encryption(ResultSet rs) throws SQLException {
        short key = rs.getShort("sse_bucket_key");
        return new BucketEncryption(rs.wasNull() ? Optional.empty() : Optional.of(key == 1));
    }

    static ObjectVersion version(ResultSet rs) throws SQLException {
        String content = rs.getString("content_id");
        Optional<ObjectData> data = content == null ? Optional.empty() : Optional.of(new ObjectData(
                ContentId.of(content), rs.getLong("size"), new ETag(rs.getString("etag")), rs.getString("sha256"),
                new ObjectAttributes(rs.getString("content_type"), Json.map(rs.getString("metadata")))));
        return new ObjectVersion(ObjectKey.ofUtf8(rs.getBytes("object_key")), VersionId.of(rs.getString("version_id")),
                rs.getLong("seq"), rs.getInt("is_latest") == 1, Instant.ofEpochMilli(rs.getLong("last_modified")),
                data);
    }

    static MultipartUpload upload(ResultSet rs) throws SQLException {
        return new MultipartUpload(rs.getString("upload_id"), new BucketName(rs.getString("bucket")),
                ObjectKey.ofUtf8(rs.getBytes("object_key")), Instant.ofEpochMilli(rs.getLong("initiated_at")),
                new ObjectAttributes(rs.getString("content_type"), Json.map(rs.getString("metadata"))));
    }

    static Part part(ResultSet rs) throws SQLException {
        return new Part(rs.getInt("part_number"), rs.getLong("size"), new ETag(rs.getString("etag")),
                ContentId.of(rs.getString("content_id")), Instant.ofEpochMilli(rs.getLong("last_modified")));
    }
}
