package io.fleetline.storage.auth;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.storage.Database;
import java.time.Instant;
import java.util.List;

/**
 * The accounts besides its own that a permissive server has served, kept in the server's database so that a
 * restart opens them again (their rollouts and timeouts go on before they call).
 */
public final class JdbcServedAccounts {
    private final Database database;

    public JdbcServedAccounts(Database database) {
        this.database = database;
    }

    /** Records an account; one recorded already stays as it is. */
    public void record(AccountScope scope, Instant at) {
        database.write(h -> h.createUpdate("INSERT INTO served_account (region, account_id, first_at)"
                        + " VALUES (:region, :account, :at) ON CONFLICT (region, account_id) DO NOTHING")
                .bind("region", scope.region()).bind("account", scope.accountId()).bind("at", at.toEpochMilli())
                .execute());
    }

    /** Every recorded account, in the order they were first served. */
    public List<AccountScope> all() {
        return database.read(h -> h.createQuery("SELECT region, account_id FROM served_account"
                        + " ORDER BY first_at, account_id, region")
                .map((rs, ctx) -> new AccountScope(rs.getString(1), rs.getString(2))).list());
    }
}
