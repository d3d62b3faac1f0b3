package io.fleetline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.api.auth.Caller;
import io.fleetline.core.arn.AccountScope;
import io.fleetline.server.config.StorageSettings;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountsTest {
    private static final AccountScope HOME = new AccountScope("us-east-1", "123456789012");

    private static Caller signedBy(String key, String region) {
        return new Caller(Optional.of(key), Optional.of(region), Optional.of("iot"));
    }

    @Test
    void a_twelve_digit_key_is_the_account_and_the_signed_region_the_region() {
        assertThat(Accounts.scopeOf(signedBy("111111111111", "eu-west-1"), HOME))
                .isEqualTo(new AccountScope("eu-west-1", "111111111111"));
    }

    @Test
    void any_other_key_acts_in_the_default_account() {
        assertThat(Accounts.scopeOf(signedBy("AKIAIOSFODNN7EXAMPLE", "us-east-1"), HOME)).isEqualTo(HOME);
        assertThat(Accounts.scopeOf(signedBy("1234567890123", "us-east-1"), HOME)).isEqualTo(HOME);
    }

    @Test
    void a_region_that_is_no_region_name_falls_back_to_the_default() {
        assertThat(Accounts.scopeOf(signedBy("111111111111", "local"), HOME))
                .isEqualTo(new AccountScope("us-east-1", "111111111111"));
    }

    @Test
    void each_account_has_a_database_of_its_own() {
        AccountScope other = new AccountScope("eu-west-1", "111111111111");
        StorageSettings sqlite = StorageSettings.defaults(Path.of("/data"));
        assertThat(AccountDatabases.url(sqlite, Path.of("/data"), other))
                .isEqualTo("jdbc:sqlite:/data/accounts/111111111111_eu_west_1.db");
        assertThat(AccountDatabases.url(sqlite.withDbUrl("jdbc:postgresql://h/db?user=u&currentSchema=fl_x"),
                Path.of("/data"), other))
                .isEqualTo("jdbc:postgresql://h/db?user=u&currentSchema=fl_x_111111111111_eu_west_1");
        assertThat(AccountDatabases.url(sqlite.withDbUrl("jdbc:postgresql://h/db?user=u"), Path.of("/data"), other))
                .isEqualTo("jdbc:postgresql://h/db?user=u&currentSchema=fleetline_111111111111_eu_west_1");
    }

    @Test
    void each_account_keeps_its_objects_in_a_content_dir_of_its_own_beside_its_sqlite_file() {
        AccountScope other = new AccountScope("eu-west-1", "111111111111");
        assertThat(AccountDatabases.homeContentDir(Path.of("/data"))).isEqualTo(Path.of("/data/blobs"));
        assertThat(AccountDatabases.contentDir(Path.of("/data"), other))
                .isEqualTo(Path.of("/data/accounts/111111111111_eu_west_1.blobs"));
        assertThat(AccountDatabases.contentDir(Path.of("/data"), new AccountScope("us-east-1", "111111111111")))
                .as("each region apart").isNotEqualTo(AccountDatabases.contentDir(Path.of("/data"), other));
    }
}
