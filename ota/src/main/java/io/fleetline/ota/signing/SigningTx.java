package io.fleetline.ota.signing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The reads and writes of code signing in one transaction. */
public interface SigningTx {
    // ---- ACM certificates

    /** Every certificate of the account (ACM's quota keeps them few), in import order. */
    List<ImportedCertificate> certificates();

    Optional<ImportedCertificate> findCertificate(CertificateArn arn);

    /** The certificate's private key as {@link KeySealer} sealed it. */
    Optional<byte[]> findSealedKey(CertificateArn arn);

    /** Adds a certificate, or replaces one of the same ARN (a reimport), with its sealed key. */
    void putCertificate(ImportedCertificate certificate, byte[] sealedKey);

    boolean deleteCertificate(CertificateArn arn);

    // ---- signing profiles

    Optional<SigningProfile> findProfile(String name);

    /** Adds a profile, or replaces the one of that name (a cancellation). */
    void putProfile(SigningProfile profile);

    /**
     * Up to {@code limit} profiles whose names sort after {@code after} (all when empty), by name, of the statuses
     * and the platform given (any when empty).
     */
    List<SigningProfile> profiles(List<ProfileStatus> statuses, Optional<String> platformId, Optional<String> after,
                                  int limit);

    // ---- signing jobs

    void insertJob(SigningJob job);

    Optional<SigningJob> findJob(String jobId);

    Optional<SigningJob> findJobByToken(String clientRequestToken);

    /** Up to {@code limit} jobs matching the filter, newest first, after the position given. */
    List<SigningJob> jobs(JobFilter filter, Optional<JobPosition> after, int limit);

    /** What ListSigningJobs filters on; empty members match every job. */
    record JobFilter(Optional<SigningStatus> status, Optional<String> platformId, Optional<String> requestedBy,
                     Optional<String> jobInvoker, Optional<Instant> signatureExpiresBefore,
                     Optional<Instant> signatureExpiresAfter) {
        public static final JobFilter ALL = new JobFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A job's place in the list order: newest first, then by id. */
    record JobPosition(Instant createdAt, String jobId) {
        public static JobPosition of(SigningJob job) {
            return new JobPosition(job.createdAt(), job.jobId());
        }

        /** As a page token's key. */
        public String key() {
            return createdAt.toEpochMilli() + ":" + jobId;
        }

        /** From a page token's key; one that is not such a key is {@code InvalidRequestException}. */
        public static JobPosition parse(String key) {
            int colon = key.indexOf(':');
            try {
                return new JobPosition(Instant.ofEpochMilli(Long.parseLong(key.substring(0, Math.max(colon, 0)))),
                        key.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw io.fleetline.core.error.FleetlineException.invalid("The nextToken is not valid");
            }
        }
    }
}
