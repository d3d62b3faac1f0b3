package io.fleetline.storage.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.arn.AccountScope;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.Page;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.Registry;
import io.fleetline.security.Security;
import io.fleetline.security.ca.CertificateAuthority;
import io.fleetline.security.ca.Pem;
import io.fleetline.security.cert.Certificate;
import io.fleetline.security.cert.CertificateStatus;
import io.fleetline.security.cert.IssuedCertificate;
import io.fleetline.storage.Database;
import io.fleetline.storage.registry.JdbcRegistryStore;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A fresh database with the registry and security services on it, for each test. */
abstract class SecurityContract {
    static final AccountScope SCOPE = new AccountScope("us-east-1", "123456789012");
    static final CertificateAuthority FLEETLINE_CA = TestCertificates.newCa("Fleetline test CA");

    String url;
    Database database;
    Registry registry;
    Security security;
    JdbcSecurityStore store;
    final List<String> disabled = new ArrayList<>();

    abstract String newDatabaseUrl();

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl();
        database = Database.open(url);
        registry = Registry.create(new JdbcRegistryStore(database), SCOPE, Clock.systemUTC(), Duration.ofMinutes(5));
        store = new JdbcSecurityStore(database);
        security = Security.create(store, registry, FLEETLINE_CA, Clock.systemUTC());
        security.certificates().addListener(disabled::add);
        security.caCertificates().addListener(disabled::add);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable call, ErrorCode code) {
        return assertThatThrownBy(call).isInstanceOf(FleetlineException.class)
                .satisfies(e -> assertThat(((FleetlineException) e).code()).isEqualTo(code));
    }
}
