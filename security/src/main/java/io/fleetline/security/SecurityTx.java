package io.fleetline.security;

import io.fleetline.security.cert.CaCertificate;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.policies.Policy;
import io.fleetline.security.policies.PolicyVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The security state's reads and writes inside one transaction. Certificate lists are ordered by creation
 * time then id and return up to {@code limit + 1} items after the given key, so callers can page.
 */
public interface SecurityTx {
    Optional<Certificate> findCertificate(String id);

    void insertCertificate(Certificate certificate);

    void updateCertificate(Certificate certificate);

    void deleteCertificate(String id);

    /** @param caId only certificates of this CA when present */
    List<Certificate> listCertificates(Optional<String> caId, Optional<CertificateKey> after, boolean ascending, int limit);

    /**
     * Certificates offered to another account and not yet accepted (PENDING_TRANSFER without an accept date), in
     * creation order like {@link #listCertificates}.
     *
     * @param toAccount only those offered to this account when present
     */
    List<Certificate> listOutgoing(Optional<String> toAccount, Optional<CertificateKey> after, boolean ascending,
                                   int limit);

    Optional<CaCertificate> findCaCertificate(String id);

    List<CaCertificate> allCaCertificates();

    void insertCaCertificate(CaCertificate ca);

    void updateCaCertificate(CaCertificate ca);

    void deleteCaCertificate(String id);

    long countCertificatesOfCa(String caId);

    Optional<String> setting(String name);

    void putSetting(String name, String value);

    Optional<Policy> findPolicy(String name);

    void insertPolicy(Policy policy);

    void updatePolicy(Policy policy);

    void deletePolicy(String name);

    /** Policies ordered by name, after {@code after}, at most {@code limit}. */
    List<Policy> listPolicies(Optional<String> after, boolean ascending, int limit);

    List<PolicyVersion> policyVersions(String policyName);

    Optional<PolicyVersion> findPolicyVersion(String policyName, int versionId);

    void insertPolicyVersion(PolicyVersion version);

    void deletePolicyVersion(String policyName, int versionId);

    void attachPolicy(String policyName, String target);

    void detachPolicy(String policyName, String target);

    /** Policy names attached to the target, ordered by name. */
    List<String> policiesOf(String target);

    /** Targets of a policy, ordered. */
    List<String> targetsOf(String policyName);

    void attachThingPrincipal(String thingName, String principal);

    void detachThingPrincipal(String thingName, String principal);

    List<String> principalsOfThing(String thingName);

    List<String> thingsOfPrincipal(String principal);

    /** Adds the tags to the resource's, replacing the values of keys it has. */
    void putTags(String arn, Map<String, String> tags);

    /** Removes all of the resource's tags. */
    void deleteTags(String arn);

    /** The position of a certificate in creation order, for paging. */
    record CertificateKey(long createdAtMillis, String id) {
    }
}
