package io.fleetline.server;

import io.fleetline.api.auth.Caller;
import io.fleetline.api.auth.DevicePrincipal;
import io.fleetline.api.handler.HandlerRegistry;
import io.fleetline.api.handler.HandlerSource;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.security.ca.Pem;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateOwners;
import io.fleetline.security.cert.CertificateTransfers;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The accounts a server serves and whose stack answers a caller. Normally one: the configured account and region.
 * In the permissive mode a caller whose access key id is twelve digits acts in that account, in the region its
 * signature names, and each such account and region gets a stack of its own when it first calls.
 */
final class Accounts implements HandlerSource, AutoCloseable {
    private static final Pattern ACCOUNT_KEY = Pattern.compile("\\d{12}");

    /** The order stacks are asked in when several may answer: the home one first, then by account and region. */
    private static final Comparator<AccountStack> ORDER =
            Comparator.comparing((AccountStack s) -> s.scope().accountId()).thenComparing(s -> s.scope().region());

    private final AccountStack home;
    private final boolean perCaller;
    private final CertificateOwners owners;
    private final Function<AccountScope, AccountStack> opener;
    private final Map<AccountScope, AccountStack> others = new ConcurrentHashMap<>();

    /**
     * @param perCaller whether callers choose their account and region (the permissive mode)
     * @param owners    which account owns each certificate, when callers choose
     * @param opener    opens the stack of another account and region
     */
    Accounts(AccountStack home, boolean perCaller, CertificateOwners owners,
             Function<AccountScope, AccountStack> opener) {
        this.home = home;
        this.perCaller = perCaller;
        this.owners = owners;
        this.opener = opener;
    }

    AccountStack home() {
        return home;
    }

    @Override
    public HandlerRegistry handlersFor(Caller caller) {
        return stackFor(caller).handlers();
    }

    AccountStack stackFor(Caller caller) {
        if (caller.device().isPresent()) {
            return caller.device().get().account().map(this::stack).orElse(home);
        }
        return stack(scopeOf(caller, home.scope()));
    }

    /** The account a 12-digit key id names (else the default), in the signed region when it is a region name. */
    static AccountScope scopeOf(Caller caller, AccountScope fallback) {
        String account = caller.accessKeyId().filter(id -> ACCOUNT_KEY.matcher(id).matches())
                .orElse(fallback.accountId());
        String region = caller.region().orElse(fallback.region());
        try {
            return new AccountScope(region, account);
        } catch (IllegalArgumentException notARegion) {
            return new AccountScope(fallback.region(), account);
        }
    }

    /** The stack of an account and region, opened if need be; only the home one unless callers choose. */
    AccountStack stack(AccountScope scope) {
        if (!perCaller || scope.equals(home.scope())) {
            return home;
        }
        return others.computeIfAbsent(scope, opener);
    }

    /** A registered, usable certificate and the stack of the account it is registered in. */
    record Held(AccountStack stack, Certificate certificate) {
    }

    /**
     * Where a certificate a device presents is registered and usable: in the account that owns it, and nowhere else
     * (every account that ever called is open: those of earlier processes from the start). A server of one account
     * asks its own store alone, without a claim to look up.
     */
    Optional<Held> holding(X509Certificate presented) {
        if (!perCaller) {
            return usableIn(home, presented);
        }
        return owners.ownerOf(Pem.certificateId(presented)).flatMap(this::open)
                .flatMap(stack -> usableIn(stack, presented));
    }

    private static Optional<Held> usableIn(AccountStack stack, X509Certificate presented) {
        return stack.security().certificates().usableCertificate(presented).map(c -> new Held(stack, c));
    }

    /** The stack of an account and region if it is open; a device's handshake does not open one. */
    private Optional<AccountStack> open(AccountScope scope) {
        return scope.equals(home.scope()) ? Optional.of(home) : Optional.ofNullable(others.get(scope));
    }

    /**
     * Just-in-time registration of a refused certificate: the first account (the home one first) whose CA in the
     * chain auto-registers takes it.
     */
    void tryRegister(List<X509Certificate> chain) {
        for (AccountStack stack : all()) {
            if (stack.tryRegister(chain)) {
                return;
            }
        }
    }

    /** The device a certificate presented on the HTTPS device port is, with what its policies allow. */
    Optional<DevicePrincipal> device(X509Certificate presented) {
        return holding(presented).map(held -> new DevicePrincipal(held.certificate().id(),
                held.stack().security().authorization().permissions(held.certificate(), ""),
                held.stack() == home ? Optional.empty() : Optional.of(held.stack().scope())));
    }

    /** The certificate transfers of every account in the region: what one account's transfers reach of another's. */
    List<CertificateTransfers> transfersIn(String region) {
        return all().stream().filter(stack -> stack.scope().region().equals(region))
                .map(stack -> stack.security().transfers()).toList();
    }

    /** Every stack open now, the home one first, then by account and region. */
    List<AccountStack> all() {
        List<AccountStack> all = new ArrayList<>();
        all.add(home);
        others.values().stream().sorted(ORDER).forEach(all::add);
        return all;
    }

    /** Stops every engine and closes the other accounts' stacks; the home database belongs to the server. */
    @Override
    public void close() {
        home.stopEngine();
        home.closeIndexing();
        for (AccountStack stack : others.values()) {
            try {
                stack.close();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Accounts.class).warn("while closing {}: {}", stack.scope(),
                        e.getMessage());
            }
        }
        others.clear();
    }
}
