package io.fleetline.storage.security;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.security.cert.CertificateClaim;
import io.fleetline.security.cert.CertificateClaims;
import io.fleetline.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;

/** {@link CertificateClaims} in a server's own database (table {@code certificate_claim}). */
public final class JdbcCertificateClaims implements CertificateClaims {
    private static final String COLUMNS = "certificate_id, region, account_id, handed_over_by";
    /** Ids bound in one statement: well below SQLite's and PostgreSQL's limits on parameters. */
    private static final int CHUNK = 500;

    private final Database database;

    public JdbcCertificateClaims(Database database) {
        this.database = database;
    }

    @Override
    public Optional<CertificateClaim> find(String certificateId) {
        return database.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM certificate_claim"
                        + " WHERE certificate_id = :id").bind("id", certificateId)
                .map((rs, ctx) -> claim(rs)).findOne());
    }

    @Override
    public boolean insert(CertificateClaim claim) {
        return database.write(h -> h.createUpdate("INSERT INTO certificate_claim (" + COLUMNS + ")"
                        + " VALUES (:id, :region, :account, :from) ON CONFLICT (certificate_id) DO NOTHING")
                .bind("id", claim.certificateId()).bind("region", claim.owner().region())
                .bind("account", claim.owner().accountId()).bind("from", claim.handedOverBy().orElse(null))
                .execute()) == 1;
    }

    @Override
    public boolean replace(CertificateClaim expected, CertificateClaim next) {
        if (!expected.certificateId().equals(next.certificateId())) {
            throw new IllegalArgumentException("a claim is replaced by a claim on the same certificate");
        }
        return database.write(h -> h.createUpdate("UPDATE certificate_claim SET region = :region,"
                        + " account_id = :account, handed_over_by = :from WHERE certificate_id = :id"
                        + " AND region = :expectedRegion AND account_id = :expectedAccount")
                .bind("id", next.certificateId()).bind("region", next.owner().region())
                .bind("account", next.owner().accountId()).bind("from", next.handedOverBy().orElse(null))
                .bind("expectedRegion", expected.owner().region())
                .bind("expectedAccount", expected.owner().accountId())
                .execute()) == 1;
    }

    @Override
    public void release(String certificateId, AccountScope owner) {
        database.write(h -> h.createUpdate("DELETE FROM certificate_claim WHERE certificate_id = :id"
                        + " AND region = :region AND account_id = :account")
                .bind("id", certificateId).bind("region", owner.region()).bind("account", owner.accountId())
                .execute());
    }

    @Override
    public List<CertificateClaim> insertAbsent(AccountScope owner, List<String> certificateIds) {
        List<CertificateClaim> others = new ArrayList<>();
        for (int from = 0; from < certificateIds.size(); from += CHUNK) {
            List<String> chunk = certificateIds.subList(from, Math.min(certificateIds.size(), from + CHUNK));
            others.addAll(database.write(h -> {
                PreparedBatch batch = h.prepareBatch("INSERT INTO certificate_claim (" + COLUMNS + ")"
                        + " VALUES (:id, :region, :account, NULL) ON CONFLICT (certificate_id) DO NOTHING");
                chunk.forEach(id -> batch.bind("id", id).bind("region", owner.region())
                        .bind("account", owner.accountId()).add());
                batch.execute();
                return h.createQuery("SELECT " + COLUMNS + " FROM certificate_claim WHERE certificate_id IN (<ids>)"
                                + " AND NOT (region = :region AND account_id = :account) ORDER BY certificate_id")
                        .bindList("ids", chunk).bind("region", owner.region()).bind("account", owner.accountId())
                        .map((rs, ctx) -> claim(rs)).list();
            }));
        }
        return others;
    }

    private static CertificateClaim claim(ResultSet rs) throws SQLException {
        return new CertificateClaim(rs.getString(1), new AccountScope(rs.getString(2), rs.getString(3)),
                Optional.ofNullable(rs.getString(4)));
    }
}
