package io.fleetline.storage.security;

import io.fleetline.security.SecurityTx;
import io.fleetline.security.cert.CaCertificate;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateStatus;
import io.fleetline.security.cert.TransferData;
import io.fleetline.security.policies.Policy;
import io.fleetline.security.policies.PolicyVersion;
import io.fleetline.storage.ResourceTags;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** The security state's reads and writes on one JDBC transaction. */
final class JdbcSecurityTx implements SecurityTx {
    private static final String CERT_COLUMNS = "id, pem, status, ca_certificate_id, mode, created_at, modified_at, "
            + "customer_version, generation_id, not_before, not_after, transferred_to, transfer_message, transfer_date, "
            + "accept_date, reject_date, reject_reason, previous_owner";
    private static final String CA_COLUMNS = "id, pem, status, auto_registration, mode, created_at, modified_at, "
            + "customer_version, generation_id, not_before, not_after";
    private static final String POLICY_COLUMNS = "name, default_version, next_version, created_at, modified_at, generation_id";

    private final Handle handle;

    JdbcSecurityTx(Handle handle) {
        this.handle = handle;
    }

    // ---- certificates

    @Override
    public Optional<Certificate> findCertificate(String id) {
        return handle.createQuery("SELECT " + CERT_COLUMNS + " FROM certificate WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> certificate(rs)).findOne();
    }

    @Override
    public void insertCertificate(Certificate c) {
        handle.createUpdate("INSERT INTO certificate (" + CERT_COLUMNS + ") VALUES (:id, :pem, :status, :ca, :mode, "
                        + ":created, :modified, :version, :generation, :notBefore, :notAfter, :to, :message, :transferDate, "
                        + ":acceptDate, :rejectDate, :rejectReason, :previousOwner)")
                .bind("id", c.id()).bind("pem", c.pem()).bind("status", c.status().name())
                .bind("ca", c.caCertificateId().orElse(null)).bind("mode", c.mode())
                .bind("created", c.creationDate().toEpochMilli()).bind("modified", c.lastModifiedDate().toEpochMilli())
                .bind("version", c.customerVersion()).bind("generation", c.generationId())
                .bind("notBefore", c.notBefore().toEpochMilli()).bind("notAfter", c.notAfter().toEpochMilli())
                .bindMap(transferColumns(c))
                .execute();
    }

    @Override
    public void updateCertificate(Certificate c) {
        handle.createUpdate("UPDATE certificate SET status = :status, modified_at = :modified, "
                        + "customer_version = :version, generation_id = :generation, transferred_to = :to, "
                        + "transfer_message = :message, transfer_date = :transferDate, accept_date = :acceptDate, "
                        + "reject_date = :rejectDate, reject_reason = :rejectReason, previous_owner = :previousOwner "
                        + "WHERE id = :id")
                .bind("id", c.id()).bind("status", c.status().name()).bind("modified", c.lastModifiedDate().toEpochMilli())
                .bind("version", c.customerVersion()).bind("generation", c.generationId())
                .bindMap(transferColumns(c))
                .execute();
    }

    /** The transfer columns by parameter name; absent values are SQL NULL. */
    private static java.util.Map<String, Object> transferColumns(Certificate c) {
        java.util.Map<String, Object> columns = new java.util.HashMap<>();
        Optional<TransferData> t = c.transfer();
        columns.put("to", t.map(TransferData::targetAccount).orElse(null));
        columns.put("message", t.flatMap(TransferData::message).orElse(null));
        columns.put("transferDate", t.map(d -> d.transferDate().toEpochMilli()).orElse(null));
        columns.put("acceptDate", t.flatMap(TransferData::acceptDate).map(Instant::toEpochMilli).orElse(null));
        columns.put("rejectDate", t.flatMap(TransferData::rejectDate).map(Instant::toEpochMilli).orElse(null));
        columns.put("rejectReason", t.flatMap(TransferData::rejectReason).orElse(null));
        columns.put("previousOwner", c.previousOwner().orElse(null));
        return columns;
    }

    @Override
    public void deleteCertificate(String id) {
        handle.createUpdate("DELETE FROM certificate WHERE id = :id").bind("id", id).execute();
    }

    @Override
    public List<Certificate> listCertificates(Optional<String> caId, Optional<CertificateKey> after, boolean ascending,
                                              int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + CERT_COLUMNS + " FROM certificate WHERE 1 = 1");
        caId.ifPresent(id -> sql.append(" AND ca_certificate_id = :ca"));
        return certificatePage(sql, query -> caId.ifPresent(id -> query.bind("ca", id)), after, ascending, limit);
    }

    @Override
    public List<Certificate> listOutgoing(Optional<String> toAccount, Optional<CertificateKey> after, boolean ascending,
                                          int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + CERT_COLUMNS + " FROM certificate WHERE status = "
                + "'PENDING_TRANSFER' AND accept_date IS NULL");
        toAccount.ifPresent(account -> sql.append(" AND transferred_to = :to"));
        return certificatePage(sql, query -> toAccount.ifPresent(account -> query.bind("to", account)), after,
                ascending, limit);
    }

    /** Certificates in creation order (then id), after a page key: {@code select} filters, {@code bind} binds. */
    private List<Certificate> certificatePage(StringBuilder select, Consumer<Query> bind,
                                              Optional<CertificateKey> after, boolean ascending, int limit) {
        String cmp = ascending ? ">" : "<";
        after.ifPresent(k -> select.append(" AND (created_at " + cmp + " :afterAt OR (created_at = :afterAt AND id "
                + cmp + " :afterId))"));
        String dir = ascending ? "ASC" : "DESC";
        select.append(" ORDER BY created_at " + dir + ", id " + dir + " LIMIT :limit");
        Query query = handle.createQuery(select.toString()).bind("limit", limit);
        bind.accept(query);
        after.ifPresent(k -> query.bind("afterAt", k.createdAtMillis()).bind("afterId", k.id()));
        return query.map((rs, ctx) -> certificate(rs)).list();
    }

    private static Certificate certificate(ResultSet rs) throws SQLException {
        String to = rs.getString("transferred_to");
        Optional<TransferData> transfer = to == null ? Optional.empty() : Optional.of(new TransferData(to,
                Optional.ofNullable(rs.getString("transfer_message")), Instant.ofEpochMilli(rs.getLong("transfer_date")),
                instant(rs, "accept_date"), instant(rs, "reject_date"), Optional.ofNullable(rs.getString("reject_reason"))));
        return new Certificate(rs.getString("id"), rs.getString("pem"), CertificateStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("ca_certificate_id")), rs.getString("mode"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("modified_at")),
                rs.getInt("customer_version"), rs.getString("generation_id"),
                Instant.ofEpochMilli(rs.getLong("not_before")), Instant.ofEpochMilli(rs.getLong("not_after")),
                transfer, Optional.ofNullable(rs.getString("previous_owner")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    // ---- CA certificates

    @Override
    public Optional<CaCertificate> findCaCertificate(String id) {
        return handle.createQuery("SELECT " + CA_COLUMNS + " FROM ca_certificate WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> ca(rs)).findOne();
    }

    @Override
    public List<CaCertificate> allCaCertificates() {
        return handle.createQuery("SELECT " + CA_COLUMNS + " FROM ca_certificate ORDER BY created_at, id")
                .map((rs, ctx) -> ca(rs)).list();
    }

    @Override
    public void insertCaCertificate(CaCertificate c) {
        handle.createUpdate("INSERT INTO ca_certificate (" + CA_COLUMNS + ") VALUES (:id, :pem, :status, :auto, :mode, "
                        + ":created, :modified, :version, :generation, :notBefore, :notAfter)")
                .bind("id", c.id()).bind("pem", c.pem()).bind("status", c.status()).bind("auto", c.autoRegistrationStatus())
                .bind("mode", c.mode()).bind("created", c.creationDate().toEpochMilli())
                .bind("modified", c.lastModifiedDate().toEpochMilli()).bind("version", c.customerVersion())
                .bind("generation", c.generationId()).bind("notBefore", c.notBefore().toEpochMilli())
                .bind("notAfter", c.notAfter().toEpochMilli())
                .execute();
    }

    @Override
    public void updateCaCertificate(CaCertificate c) {
        handle.createUpdate("UPDATE ca_certificate SET status = :status, auto_registration = :auto, "
                        + "modified_at = :modified, customer_version = :version, generation_id = :generation WHERE id = :id")
                .bind("id", c.id()).bind("status", c.status()).bind("auto", c.autoRegistrationStatus())
                .bind("modified", c.lastModifiedDate().toEpochMilli()).bind("version", c.customerVersion())
                .bind("generation", c.generationId())
                .execute();
    }

    @Override
    public void deleteCaCertificate(String id) {
        handle.createUpdate("DELETE FROM ca_certificate WHERE id = :id").bind("id", id).execute();
    }

    @Override
    public long countCertificatesOfCa(String caId) {
        return handle.createQuery("SELECT COUNT(*) FROM certificate WHERE ca_certificate_id = :ca").bind("ca", caId)
                .mapTo(Long.class).one();
    }

    private static CaCertificate ca(ResultSet rs) throws SQLException {
        return new CaCertificate(rs.getString("id"), rs.getString("pem"), rs.getString("status"),
                rs.getString("auto_registration"), rs.getString("mode"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("modified_at")), rs.getInt("customer_version"),
                rs.getString("generation_id"), Instant.ofEpochMilli(rs.getLong("not_before")),
                Instant.ofEpochMilli(rs.getLong("not_after")));
    }

    // ---- settings

    @Override
    public Optional<String> setting(String name) {
        return handle.createQuery("SELECT value FROM account_setting WHERE name = :name").bind("name", name)
                .mapTo(String.class).findOne();
    }

    @Override
    public void putSetting(String name, String value) {
        handle.createUpdate("DELETE FROM account_setting WHERE name = :name").bind("name", name).execute();
        handle.createUpdate("INSERT INTO account_setting (name, value) VALUES (:name, :value)")
                .bind("name", name).bind("value", value).execute();
    }

    // ---- policies

    @Override
    public Optional<Policy> findPolicy(String name) {
        return handle.createQuery("SELECT " + POLICY_COLUMNS + " FROM policy WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> policy(rs)).findOne();
    }

    @Override
    public void insertPolicy(Policy p) {
        handle.createUpdate("INSERT INTO policy (" + POLICY_COLUMNS + ") VALUES (:name, :default, :next, :created, "
                        + ":modified, :generation)")
                .bind("name", p.name()).bind("default", p.defaultVersion()).bind("next", p.nextVersion())
                .bind("created", p.creationDate().toEpochMilli()).bind("modified", p.lastModifiedDate().toEpochMilli())
                .bind("generation", p.generationId())
                .execute();
    }

    @Override
    public void updatePolicy(Policy p) {
        handle.createUpdate("UPDATE policy SET default_version = :default, next_version = :next, modified_at = :modified, "
                        + "generation_id = :generation WHERE name = :name")
                .bind("name", p.name()).bind("default", p.defaultVersion()).bind("next", p.nextVersion())
                .bind("modified", p.lastModifiedDate().toEpochMilli()).bind("generation", p.generationId())
                .execute();
    }

    @Override
    public void deletePolicy(String name) {
        handle.createUpdate("DELETE FROM policy_version WHERE policy_name = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM policy WHERE name = :name").bind("name", name).execute();
    }

    @Override
    public List<Policy> listPolicies(Optional<String> after, boolean ascending, int limit) {
        String cmp = ascending ? ">" : "<";
        Query query = handle.createQuery("SELECT " + POLICY_COLUMNS + " FROM policy"
                + (after.isPresent() ? " WHERE name " + cmp + " :after" : "")
                + " ORDER BY name " + (ascending ? "ASC" : "DESC") + " LIMIT :limit").bind("limit", limit);
        after.ifPresent(a -> query.bind("after", a));
        return query.map((rs, ctx) -> policy(rs)).list();
    }

    private static Policy policy(ResultSet rs) throws SQLException {
        return new Policy(rs.getString("name"), rs.getInt("default_version"), rs.getInt("next_version"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("modified_at")),
                rs.getString("generation_id"));
    }

    @Override
    public List<PolicyVersion> policyVersions(String policyName) {
        return handle.createQuery("SELECT policy_name, version_id, document, created_at FROM policy_version "
                        + "WHERE policy_name = :name ORDER BY version_id")
                .bind("name", policyName).map((rs, ctx) -> version(rs)).list();
    }

    @Override
    public Optional<PolicyVersion> findPolicyVersion(String policyName, int versionId) {
        return handle.createQuery("SELECT policy_name, version_id, document, created_at FROM policy_version "
                        + "WHERE policy_name = :name AND version_id = :version")
                .bind("name", policyName).bind("version", versionId).map((rs, ctx) -> version(rs)).findOne();
    }

    @Override
    public void insertPolicyVersion(PolicyVersion v) {
        handle.createUpdate("INSERT INTO policy_version (policy_name, version_id, document, created_at) "
                        + "VALUES (:name, :version, :document, :created)")
                .bind("name", v.policyName()).bind("version", v.versionId()).bind("document", v.document())
                .bind("created", v.createDate().toEpochMilli())
                .execute();
    }

    @Override
    public void deletePolicyVersion(String policyName, int versionId) {
        handle.createUpdate("DELETE FROM policy_version WHERE policy_name = :name AND version_id = :version")
                .bind("name", policyName).bind("version", versionId).execute();
    }

    private static PolicyVersion version(ResultSet rs) throws SQLException {
        return new PolicyVersion(rs.getString("policy_name"), rs.getInt("version_id"), rs.getString("document"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    // ---- attachments

    @Override
    public void attachPolicy(String policyName, String target) {
        handle.createUpdate("DELETE FROM policy_target WHERE policy_name = :p AND target = :t")
                .bind("p", policyName).bind("t", target).execute();
        handle.createUpdate("INSERT INTO policy_target (policy_name, target) VALUES (:p, :t)")
                .bind("p", policyName).bind("t", target).execute();
    }

    @Override
    public void detachPolicy(String policyName, String target) {
        handle.createUpdate("DELETE FROM policy_target WHERE policy_name = :p AND target = :t")
                .bind("p", policyName).bind("t", target).execute();
    }

    @Override
    public List<String> policiesOf(String target) {
        return handle.createQuery("SELECT policy_name FROM policy_target WHERE target = :t ORDER BY policy_name")
                .bind("t", target).mapTo(String.class).list();
    }

    @Override
    public List<String> targetsOf(String policyName) {
        return handle.createQuery("SELECT target FROM policy_target WHERE policy_name = :p ORDER BY target")
                .bind("p", policyName).mapTo(String.class).list();
    }

    @Override
    public void attachThingPrincipal(String thingName, String principal) {
        handle.createUpdate("DELETE FROM thing_principal WHERE thing_name = :t AND principal = :p")
                .bind("t", thingName).bind("p", principal).execute();
        handle.createUpdate("INSERT INTO thing_principal (thing_name, principal) VALUES (:t, :p)")
                .bind("t", thingName).bind("p", principal).execute();
    }

    @Override
    public void detachThingPrincipal(String thingName, String principal) {
        handle.createUpdate("DELETE FROM thing_principal WHERE thing_name = :t AND principal = :p")
                .bind("t", thingName).bind("p", principal).execute();
    }

    @Override
    public List<String> principalsOfThing(String thingName) {
        return handle.createQuery("SELECT principal FROM thing_principal WHERE thing_name = :t ORDER BY principal")
                .bind("t", thingName).mapTo(String.class).list();
    }

    @Override
    public List<String> thingsOfPrincipal(String principal) {
        return handle.createQuery("SELECT thing_name FROM thing_principal WHERE principal = :p ORDER BY thing_name")
                .bind("p", principal).mapTo(String.class).list();
    }

    // ---- tags

    @Override
    public void putTags(String arn, Map<String, String> tags) {
        ResourceTags.put(handle, arn, tags);
    }

    @Override
    public void deleteTags(String arn) {
        ResourceTags.removeAll(handle, arn);
    }
}
