package io.fleetline.storage.security;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.registry.Registry;
import io.fleetline.security.Security;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateOwners;
import io.fleetline.security.cert.TransferData;
import io.fleetline.security.cert.TransferPeers;
import io.fleetline.storage.Database;
import io.fleetline.storage.registry.JdbcRegistryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts of one server as a permissive server wires them: each over a database of its own, reaching the others
 * only through the transfer seam, and the server's record of certificate owners in a database of its own.
 */
final class ServedAccounts implements AutoCloseable {
    /** One account's services over its database. */
    record Account(Database database, Registry registry, JdbcSecurityStore store, Security security) {
        /**
         * Marks the offer of certificate {@code id} accepted in this account's store and changes nothing else: what
         * the source side of an accept leaves behind when the server stops before the target's store gets its copy.
         */
        void markOfferAccepted(String id) {
            store.transact(tx -> {
                Certificate offered = tx.findCertificate(id).orElseThrow();
                TransferData t = offered.transfer().orElseThrow();
                tx.updateCertificate(new Certificate(offered.id(), offered.pem(), offered.status(),
                        offered.caCertificateId(), offered.mode(), offered.creationDate(), offered.lastModifiedDate(),
                        offered.customerVersion(), offered.generationId(), offered.notBefore(), offered.notAfter(),
                        Optional.of(new TransferData(t.targetAccount(), t.message(), t.transferDate(),
                                Optional.of(t.transferDate()), Optional.empty(), Optional.empty())), Optional.empty()));
                return null;
            });
        }
    }

    private final String serverUrl;
    private final Map<AccountScope, String> urls = new LinkedHashMap<>();
    private final Map<AccountScope, Account> open = new LinkedHashMap<>();
    private final Map<AccountScope, List<String>> claimedElsewhere = new LinkedHashMap<>();
    private Database server;
    private JdbcCertificateClaims claims;
    private CertificateOwners owners;

    /** @param newUrl makes the URL of a fresh database */
    ServedAccounts(java.util.function.Supplier<String> newUrl, AccountScope... scopes) {
        serverUrl = newUrl.get();
        for (AccountScope scope : scopes) {
            urls.put(scope, newUrl.get());
        }
        start(true);
    }

    /** Opens the databases and wires the services; without {@code claimed}, as a server of one account would. */
    private void start(boolean claimed) {
        server = Database.open(serverUrl);
        claims = new JdbcCertificateClaims(server);
        TransferPeers peers = region -> open.values().stream().map(a -> a.security().transfers())
                .filter(t -> t.scope().region().equals(region)).toList();
        owners = claimed ? CertificateOwners.claimedIn(claims, peers) : CertificateOwners.SOLE;
        urls.forEach((scope, url) -> {
            Database database = Database.open(url);
            Registry registry = Registry.create(new JdbcRegistryStore(database), scope, Clock.systemUTC(),
                    Duration.ofMinutes(5));
            JdbcSecurityStore store = new JdbcSecurityStore(database);
            Security security = Security.create(store, registry, SecurityContract.FLEETLINE_CA, Clock.systemUTC(),
                    peers, owners);
            // what a server does as it opens an account
            claimedElsewhere.put(scope, security.certificates().claimStored());
            open.put(scope, new Account(database, registry, store, security));
        });
    }

    Account account(AccountScope scope) {
        return open.get(scope);
    }

    Security security(AccountScope scope) {
        return open.get(scope).security();
    }

    /** The certificates an account held when it was last opened that another account owns. */
    List<String> claimedElsewhere(AccountScope scope) {
        return claimedElsewhere.get(scope);
    }

    /** Which account owns each certificate, as the server asks for its devices. */
    CertificateOwners owners() {
        return owners;
    }

    /** The server's record of certificate owners. */
    JdbcCertificateClaims claims() {
        return claims;
    }

    /**
     * Closes every database and opens them again, as a restart of the server does; {@code claimed} false wires them
     * as a server of one account (or a version before claims) would.
     */
    void restart(boolean claimed) {
        close();
        start(claimed);
    }

    /** Every database's URL, the server's first, to drop after the test. */
    List<String> urls() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(serverUrl), urls.values().stream()).toList();
    }

    @Override
    public void close() {
        open.values().forEach(a -> a.database().close());
        open.clear();
        server.close();
    }
}
