package io.fleetline.server;

import io.fleetline.broker.DeviceAccount;
import io.fleetline.broker.DeviceAccounts;
import io.fleetline.core.arn.AccountScope;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The broker's view of the accounts a server serves: the home account from the start, the others (permissive mode)
 * once the server's {@link Accounts} exist, since the broker starts while the home account is being wired.
 */
final class ServedDeviceAccounts implements DeviceAccounts {
    private final DeviceAccount home;
    private final Consumer<List<X509Certificate>> refused;
    private volatile Accounts accounts;

    /** @param refused where certificates the TLS layer refused go, for just-in-time registration */
    ServedDeviceAccounts(DeviceAccount home, Consumer<List<X509Certificate>> refused) {
        this.home = home;
        this.refused = refused;
    }

    @Override
    public void refused(List<X509Certificate> chain) {
        refused.accept(chain);
    }

    void serve(Accounts all) {
        this.accounts = all;
    }

    @Override
    public DeviceAccount home() {
        return home;
    }

    @Override
    public Optional<DeviceAccount> holding(X509Certificate presented) {
        Accounts all = accounts;
        if (all == null) {
            return home.certificates().usableCertificate(presented).map(c -> home);
        }
        return all.holding(presented).map(held -> held.stack() == all.home() ? home : held.stack().deviceAccount());
    }

    @Override
    public DeviceAccount of(AccountScope scope) {
        Accounts all = accounts;
        return all == null || scope.equals(home.scope()) ? home : all.stack(scope).deviceAccount();
    }
}
