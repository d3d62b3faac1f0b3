package io.fleetline.server;

import io.fleetline.broker.DeviceAccount;
import io.fleetline.broker.DeviceAccounts;
import io.fleetline.core.arn.AccountScope;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The broker's view of the accounts a server serves: the home account from the start, the others (permissive mode)
 * once the server's {@link Accounts} exist, since the broker starts while the home account is being wired.
 */
final class ServedDeviceAccounts implements DeviceAccounts {
    private final DeviceAccount home;
    private volatile Accounts accounts;

    ServedDeviceAccounts(DeviceAccount home) {
        this.home = home;
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
        if (home.certificates().usableCertificate(presented).isPresent()) {
            return Optional.of(home);
        }
        Accounts all = accounts;
        if (all == null) {
            return Optional.empty();
        }
        return all.others().stream().map(AccountStack::deviceAccount)
                .filter(a -> a.certificates().usableCertificate(presented).isPresent()).findFirst();
    }

    @Override
    public DeviceAccount of(AccountScope scope) {
        Accounts all = accounts;
        return all == null || scope.equals(home.scope()) ? home : all.stack(scope).deviceAccount();
    }
}
