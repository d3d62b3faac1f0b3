package io.fleetline.storage.signing;

import static io.fleetline.storage.signing.SigningRows.CERTIFICATE_COLUMNS;
import static io.fleetline.storage.signing.SigningRows.JOB_COLUMNS;
import static io.fleetline.storage.signing.SigningRows.PROFILE_COLUMNS;

import io.fleetline.ota.signing.CertificateArn;
import io.fleetline.ota.signing.ImportedCertificate;
import io.fleetline.ota.signing.JobSignature;
import io.fleetline.ota.signing.ProfileStatus;
import io.fleetline.ota.signing.SignedObject;
import io.fleetline.ota.signing.SigningJob;
import io.fleetline.ota.signing.SigningProfile;
import io.fleetline.ota.signing.SigningTx;
import io.fleetline.storage.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** Code signing's reads and writes on one JDBC transaction. */
final class JdbcSigningTx implements SigningTx {
    private final Handle handle;

    JdbcSigningTx(Handle handle) {
        this.handle = handle;
    }

    // ---- ACM certificates

    @Override
    public List<ImportedCertificate> certificates() {
        return handle.createQuery("SELECT " + CERTIFICATE_COLUMNS + " FROM acm_certificate ORDER BY imported_at, arn")
                .map((rs, ctx) -> SigningRows.certificate(rs)).list();
    }

    @Override
    public Optional<ImportedCertificate> findCertificate(CertificateArn arn) {
        return handle.createQuery("SELECT " + CERTIFICATE_COLUMNS + " FROM acm_certificate WHERE arn = :arn")
                .bind("arn", arn.value()).map((rs, ctx) -> SigningRows.certificate(rs)).findOne();
    }

    @Override
    public Optional<byte[]> findSealedKey(CertificateArn arn) {
        return handle.createQuery("SELECT sealed_key FROM acm_certificate WHERE arn = :arn")
                .bind("arn", arn.value()).map((rs, ctx) -> rs.getBytes("sealed_key")).findOne();
    }

    @Override
    public void putCertificate(ImportedCertificate certificate, byte[] sealedKey) {
        deleteCertificate(certificate.arn());
        handle.createUpdate("INSERT INTO acm_certificate (" + CERTIFICATE_COLUMNS + ", sealed_key) VALUES (:arn, "
                        + ":certificate, :chain, :imported, :tags, :key)")
                .bind("arn", certificate.arn().value()).bind("certificate", certificate.certificatePem())
                .bind("chain", certificate.chainPem().orElse(null))
                .bind("imported", certificate.importedAt().toEpochMilli()).bind("tags", Json.write(certificate.tags()))
                .bind("key", sealedKey).execute();
    }

    @Override
    public boolean deleteCertificate(CertificateArn arn) {
        return handle.createUpdate("DELETE FROM acm_certificate WHERE arn = :arn").bind("arn", arn.value())
                .execute() > 0;
    }

    // ---- signing profiles

    @Override
    public Optional<SigningProfile> findProfile(String name) {
        return handle.createQuery("SELECT " + PROFILE_COLUMNS + " FROM signing_profile WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> SigningRows.profile(rs)).findOne();
    }

    @Override
    public void putProfile(SigningProfile profile) {
        handle.createUpdate("DELETE FROM signing_profile WHERE name = :name").bind("name", profile.name()).execute();
        handle.createUpdate("INSERT INTO signing_profile (" + PROFILE_COLUMNS + ") VALUES (:name, :version, "
                        + ":certificate, :platform, :validityValue, :validityType, :parameters, :overrides, :status, "
                        + ":created, :canceled, :tags)")
                .bind("name", profile.name()).bind("version", profile.version())
                .bind("certificate", profile.certificateArn().value()).bind("platform", profile.platformId())
                .bind("validityValue", profile.validity().value())
                .bind("validityType", profile.validity().unit().name())
                .bind("parameters", Json.write(profile.signingParameters()))
                .bind("overrides", SigningRows.overrides(profile.overrides()))
                .bind("status", profile.status().name()).bind("created", profile.createdAt().toEpochMilli())
                .bind("canceled", profile.canceledAt().map(Instant::toEpochMilli).orElse(null))
                .bind("tags", Json.write(profile.tags())).execute();
    }

    @Override
    public List<SigningProfile> profiles(List<ProfileStatus> statuses, Optional<String> platformId,
                                         Optional<String> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + PROFILE_COLUMNS + " FROM signing_profile WHERE status IN (<"
                + "statuses>)");
        platformId.ifPresent(p -> sql.append(" AND platform_id = :platform"));
        after.ifPresent(a -> sql.append(" AND name > :after"));
        sql.append(" ORDER BY name LIMIT :limit");
        Query query = handle.createQuery(sql.toString())
                .bindList("statuses", statuses.stream().map(Enum::name).toList()).bind("limit", limit);
        platformId.ifPresent(p -> query.bind("platform", p));
        after.ifPresent(a -> query.bind("after", a));
        return query.map((rs, ctx) -> SigningRows.profile(rs)).list();
    }

    // ---- signing jobs

    @Override
    public void insertJob(SigningJob job) {
        handle.createUpdate("INSERT INTO signing_job (" + JOB_COLUMNS + ") VALUES (:id, :token, :profile, :version, "
                        + ":platform, :certificate, :parameters, :sourceBucket, :sourceKey, :sourceVersion, "
                        + ":destinationBucket, :destinationPrefix, :status, :reason, :created, :completed, :expires, "
                        + ":signedBucket, :signedKey, :signedVersion, :signature, :hash, :encryption, :certificatePem, "
                        + ":requestedBy, :owner, :invoker)")
                .bind("id", job.jobId()).bind("token", job.clientRequestToken())
                .bind("profile", job.profileName()).bind("version", job.profileVersion())
                .bind("platform", job.platformId()).bind("certificate", job.certificateArn().value())
                .bind("parameters", Json.write(job.signingParameters()))
                .bind("sourceBucket", job.source().bucket()).bind("sourceKey", job.source().key())
                .bind("sourceVersion", job.source().version())
                .bind("destinationBucket", job.destinationBucket())
                .bind("destinationPrefix", job.destinationPrefix())
                .bind("status", job.status().name()).bind("reason", job.statusReason().orElse(null))
                .bind("created", job.createdAt().toEpochMilli())
                .bind("completed", job.completedAt().map(Instant::toEpochMilli).orElse(null))
                .bind("expires", job.signatureExpiresAt().map(Instant::toEpochMilli).orElse(null))
                .bind("signedBucket", job.signedObject().map(SignedObject::bucket).orElse(null))
                .bind("signedKey", job.signedObject().map(SignedObject::key).orElse(null))
                .bind("signedVersion", job.signedObject().flatMap(SignedObject::versionId).orElse(null))
                .bind("signature", job.signature().map(JobSignature::der).orElse(null))
                .bind("hash", job.signature().map(JobSignature::hashAlgorithm).orElse(null))
                .bind("encryption", job.signature().map(JobSignature::encryptionAlgorithm).orElse(null))
                .bind("certificatePem", job.signature().map(JobSignature::certificatePem).orElse(null))
                .bind("requestedBy", job.requestedBy()).bind("owner", job.jobOwner())
                .bind("invoker", job.jobInvoker())
                .execute();
    }

    @Override
    public Optional<SigningJob> findJob(String jobId) {
        return handle.createQuery("SELECT " + JOB_COLUMNS + " FROM signing_job WHERE job_id = :id")
                .bind("id", jobId).map((rs, ctx) -> SigningRows.job(rs)).findOne();
    }

    @Override
    public Optional<SigningJob> findJobByToken(String clientRequestToken) {
        return handle.createQuery("SELECT " + JOB_COLUMNS + " FROM signing_job WHERE client_token = :token")
                .bind("token", clientRequestToken).map((rs, ctx) -> SigningRows.job(rs)).findOne();
    }

    @Override
    public List<SigningJob> jobs(JobFilter filter, Optional<JobPosition> after, int limit) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> binds = new LinkedHashMap<>();
        filter.status().ifPresent(s -> condition(conditions, binds, "status = :status", "status", s.name()));
        filter.platformId().ifPresent(p -> condition(conditions, binds, "platform_id = :platform", "platform", p));
        filter.requestedBy().ifPresent(r -> condition(conditions, binds, "requested_by = :by", "by", r));
        filter.jobInvoker().ifPresent(i -> condition(conditions, binds, "job_invoker = :invoker", "invoker", i));
        filter.signatureExpiresBefore().ifPresent(t -> condition(conditions, binds,
                "signature_expires_at < :before", "before", t.toEpochMilli()));
        filter.signatureExpiresAfter().ifPresent(t -> condition(conditions, binds,
                "signature_expires_at > :afterTime", "afterTime", t.toEpochMilli()));
        after.ifPresent(position -> {
            condition(conditions, binds, "(created_at < :created OR (created_at = :created AND job_id < :job))",
                    "created", position.createdAt().toEpochMilli());
            binds.put("job", position.jobId());
        });
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        Query query = handle.createQuery("SELECT " + JOB_COLUMNS + " FROM signing_job" + where
                + " ORDER BY created_at DESC, job_id DESC LIMIT :limit").bind("limit", limit);
        binds.forEach(query::bind);
        return query.map((rs, ctx) -> SigningRows.job(rs)).list();
    }

    private static void condition(List<String> conditions, Map<String, Object> binds, String sql, String name,
                                  Object value) {
        conditions.add(sql);
        binds.put(name, value);
    }
}
