package io.fleetline.server.config;

import io.fleetline.core.arn.AccountScope;
import java.util.Objects;

/**
 * Whose resources the server serves, and how callers prove who they are.
 *
 * @param scope region and account of every ARN ({@code --region}, {@code --account-id})
 * @param auth  SigV4 (the default), permissive ({@code --auth permissive}, a test double) or none
 *              ({@code --insecure-no-auth})
 */
public record AccountSettings(AccountScope scope, AuthMode auth) {
    public static final AccountScope DEFAULT_SCOPE = new AccountScope("us-east-1", "000000000000");

    public AccountSettings {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(auth, "auth");
    }

    public static AccountSettings defaults() {
        return new AccountSettings(DEFAULT_SCOPE, AuthMode.SIGV4);
    }

    /**
     * The scope of {@code --region} and {@code --account-id}. {@link AccountScope} checks both at once; they are
     * checked one at a time here so that a refusal names the flag at fault.
     */
    public static AccountScope scope(String region, String accountId) {
        Bounds.named("--region", () -> new AccountScope(region, DEFAULT_SCOPE.accountId()));
        return Bounds.named("--account-id", () -> new AccountScope(region, accountId));
    }

    public AccountSettings withScope(AccountScope newScope) {
        return new AccountSettings(newScope, auth);
    }

    public AccountSettings withAuth(AuthMode mode) {
        return new AccountSettings(scope, mode);
    }
}
