package io.fleetline.storage.ota;

import io.fleetline.core.page.PageRequest;
import io.fleetline.ota.update.ErrorInfo;
import io.fleetline.ota.update.OtaUpdate;
import io.fleetline.ota.update.OtaUpdateStatus;
import io.fleetline.ota.update.OtaUpdateStore;
import io.fleetline.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/** {@link OtaUpdateStore} on a {@link Database}: the {@code ota_update} table (V16). */
public final class JdbcOtaUpdateStore implements OtaUpdateStore {
    private static final String COLUMNS = "ota_update_id, arn, status, request, progress, error_code, error_message,"
            + " job_id, job_arn, delete_stream, force_delete_job, created_at, last_modified_at, version";
    private final Database database;

    public JdbcOtaUpdateStore(Database database) {
        this.database = database;
    }

    @Override
    public boolean insert(OtaUpdate update) {
        return database.write(h -> {
            if (h.createQuery("SELECT 1 FROM ota_update WHERE ota_update_id = :id").bind("id", update.id())
                    .mapTo(Integer.class).findOne().isPresent()) {
                return false;
            }
            bindAll(h.createUpdate("INSERT INTO ota_update (" + COLUMNS + ") VALUES (:id, :arn, :status, :request,"
                    + " :progress, :errorCode, :errorMessage, :jobId, :jobArn, :deleteStream, :forceDeleteJob,"
                    + " :createdAt, :modifiedAt, :version)"), update).execute();
            return true;
        });
    }

    @Override
    public Optional<OtaUpdate> find(String otaUpdateId) {
        return database.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM ota_update WHERE ota_update_id = :id")
                .bind("id", otaUpdateId).map((rs, ctx) -> row(rs)).findOne());
    }

    @Override
    public boolean replace(OtaUpdate next) {
        return database.write(h -> bindAll(h.createUpdate("UPDATE ota_update SET arn = :arn, status = :status,"
                + " request = :request, progress = :progress, error_code = :errorCode, error_message = :errorMessage,"
                + " job_id = :jobId, job_arn = :jobArn, delete_stream = :deleteStream,"
                + " force_delete_job = :forceDeleteJob, created_at = :createdAt, last_modified_at = :modifiedAt,"
                + " version = :version WHERE ota_update_id = :id AND version = :previous"), next)
                .bind("previous", next.version() - 1).execute() == 1);
    }

    @Override
    public boolean delete(String otaUpdateId, long version) {
        return database.write(h -> h.createUpdate("DELETE FROM ota_update WHERE ota_update_id = :id"
                + " AND version = :version").bind("id", otaUpdateId).bind("version", version).execute() == 1);
    }

    @Override
    public List<OtaUpdate> list(Optional<OtaUpdateStatus> status, PageRequest page) {
        return database.read(h -> {
            Query q = h.createQuery("SELECT " + COLUMNS + " FROM ota_update WHERE 1 = 1"
                    + (status.isPresent() ? " AND status = :status" : "")
                    + (page.after().isPresent() ? " AND ota_update_id > :after" : "")
                    + " ORDER BY ota_update_id LIMIT :limit");
            status.ifPresent(s -> q.bind("status", s.name()));
            page.after().ifPresent(a -> q.bind("after", a));
            return q.bind("limit", page.limit() + 1).map((rs, ctx) -> row(rs)).list();
        });
    }

    @Override
    public List<String> unfinished() {
        return database.read(h -> h.createQuery("SELECT ota_update_id FROM ota_update WHERE status IN"
                        + " ('CREATE_PENDING', 'CREATE_IN_PROGRESS', 'DELETE_IN_PROGRESS') ORDER BY ota_update_id")
                .mapTo(String.class).list());
    }

    private static Update bindAll(Update update, OtaUpdate u) {
        return update.bind("id", u.id()).bind("arn", u.arn()).bind("status", u.status().name())
                .bind("request", OtaRequestColumn.write(u.request()))
                .bind("progress", OtaProgressColumn.write(u.progress()))
                .bind("errorCode", u.errorInfo().map(ErrorInfo::code).orElse(null))
                .bind("errorMessage", u.errorInfo().map(ErrorInfo::message).orElse(null))
                .bind("jobId", u.jobId().orElse(null)).bind("jobArn", u.jobArn().orElse(null))
                .bind("deleteStream", u.deletion().map(d -> d.deleteStream() ? 1 : 0).orElse(null))
                .bind("forceDeleteJob", u.deletion().map(d -> d.forceDeleteJob() ? 1 : 0).orElse(null))
                .bind("createdAt", u.createdAt().toEpochMilli()).bind("modifiedAt", u.lastModifiedAt().toEpochMilli())
                .bind("version", u.version());
    }

    private static OtaUpdate row(ResultSet rs) throws SQLException {
        String errorCode = rs.getString("error_code");
        String errorMessage = rs.getString("error_message");
        int deleteStream = rs.getInt("delete_stream");
        boolean deletion = !rs.wasNull();
        return new OtaUpdate(OtaRequestColumn.read(rs.getString("request")), rs.getString("arn"),
                OtaUpdateStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(errorCode).map(code -> new ErrorInfo(code, errorMessage == null ? "" : errorMessage)),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("last_modified_at")),
                Optional.ofNullable(rs.getString("job_id")), Optional.ofNullable(rs.getString("job_arn")),
                OtaProgressColumn.read(rs.getString("progress")),
                deletion ? Optional.of(new OtaUpdate.Deletion(deleteStream == 1, rs.getInt("force_delete_job") == 1))
                        : Optional.empty(),
                rs.getLong("version"));
    }
}
