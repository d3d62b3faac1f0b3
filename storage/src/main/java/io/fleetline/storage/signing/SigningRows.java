package io.fleetline.storage.signing;

import io.fleetline.ota.signing.CertificateArn;
import io.fleetline.ota.signing.ImportedCertificate;
import io.fleetline.ota.signing.JobSignature;
import io.fleetline.ota.signing.ProfileStatus;
import io.fleetline.ota.signing.SignedObject;
import io.fleetline.ota.signing.SigningJob;
import io.fleetline.ota.signing.SigningOverrides;
import io.fleetline.ota.signing.SigningProfile;
import io.fleetline.ota.signing.SigningStatus;
import io.fleetline.ota.signing.SourceObject;
import io.fleetline.ota.signing.ValidityPeriod;
import io.fleetline.security.ca.Pem;
import io.fleetline.storage.Json;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rows of the code-signing tables as the domain's values, and the values' columns. */
final class SigningRows {
    static final String CERTIFICATE_COLUMNS = "arn, certificate_pem, chain_pem, imported_at, tags";
    static final String PROFILE_COLUMNS = "name, version, certificate_arn, platform_id, validity_value, validity_type, "
            + "signing_parameters, overrides, status, created_at, canceled_at, tags";
    static final String JOB_COLUMNS = "job_id, client_token, profile_name, profile_version, platform_id, "
            + "certificate_arn, signing_parameters, source_bucket, source_key, source_version, destination_bucket, "
            + "destination_prefix, status, status_reason, created_at, completed_at, signature_expires_at, "
            + "signed_bucket, signed_key, signed_version, signature, hash_algorithm, encryption_algorithm, "
            + "certificate_pem, requested_by, job_owner, job_invoker";

    private SigningRows() {
    }

    static ImportedCertificate certificate(ResultSet rs) throws SQLException {
        String chain = rs.getString("chain_pem");
        List<X509Certificate> links = chain == null ? List.of() : Pem.certificates(chain);
        return new ImportedCertificate(new CertificateArn(rs.getString("arn")),
                Pem.certificate(rs.getString("certificate_pem")), links,
                Instant.ofEpochMilli(rs.getLong("imported_at")), Json.map(rs.getString("tags")));
    }

    static SigningProfile profile(ResultSet rs) throws SQLException {
        Map<String, String> overrides = Json.map(rs.getString("overrides"));
        return new SigningProfile(rs.getString("name"), rs.getString("version"),
                new CertificateArn(rs.getString("certificate_arn")), rs.getString("platform_id"),
                new ValidityPeriod(rs.getInt("validity_value"),
                        ValidityPeriod.Unit.valueOf(rs.getString("validity_type"))),
                Json.map(rs.getString("signing_parameters")),
                new SigningOverrides(Optional.ofNullable(overrides.get("encryptionAlgorithm")),
                        Optional.ofNullable(overrides.get("hashAlgorithm")),
                        Optional.ofNullable(overrides.get("imageFormat"))),
                ProfileStatus.valueOf(rs.getString("status")), Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs, "canceled_at"), Json.map(rs.getString("tags")));
    }

    static String overrides(SigningOverrides overrides) {
        Map<String, String> map = new LinkedHashMap<>();
        overrides.encryptionAlgorithm().ifPresent(v -> map.put("encryptionAlgorithm", v));
        overrides.hashAlgorithm().ifPresent(v -> map.put("hashAlgorithm", v));
        overrides.imageFormat().ifPresent(v -> map.put("imageFormat", v));
        return Json.write(map);
    }

    static SigningJob job(ResultSet rs) throws SQLException {
        byte[] der = rs.getBytes("signature");
        Optional<JobSignature> signature = der == null ? Optional.empty() : Optional.of(new JobSignature(der,
                rs.getString("hash_algorithm"), rs.getString("encryption_algorithm"), rs.getString("certificate_pem")));
        String signedBucket = rs.getString("signed_bucket");
        Optional<SignedObject> signed = signedBucket == null ? Optional.empty() : Optional.of(new SignedObject(
                signedBucket, rs.getString("signed_key"), Optional.ofNullable(rs.getString("signed_version"))));
        return new SigningJob(rs.getString("job_id"), rs.getString("client_token"), rs.getString("profile_name"),
                rs.getString("profile_version"), rs.getString("platform_id"),
                new CertificateArn(rs.getString("certificate_arn")), Json.map(rs.getString("signing_parameters")),
                new SourceObject(rs.getString("source_bucket"), rs.getString("source_key"),
                        rs.getString("source_version")),
                rs.getString("destination_bucket"), rs.getString("destination_prefix"),
                SigningStatus.valueOf(rs.getString("status")), Optional.ofNullable(rs.getString("status_reason")),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "completed_at"),
                instant(rs, "signature_expires_at"), signed, signature, rs.getString("requested_by"),
                rs.getString("job_owner"), rs.getString("job_invoker"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
