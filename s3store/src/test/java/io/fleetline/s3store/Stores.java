package io.fleetline.s3store;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** External stores on the shared s3proxy, with its test key, path-style and the default checksum mode. */
final class Stores {
    private Stores() {
    }

    static ExternalStoreOptions options(S3Location location) {
        return new ExternalStoreOptions(location, Optional.of(S3ProxyProcess.shared().endpoint()), "us-east-1",
                S3Credentials.of(S3ProxyProcess.ACCESS_KEY_ID, S3ProxyProcess.SECRET_ACCESS_KEY), Optional.empty(),
                ChecksumMode.WHEN_REQUIRED);
    }

    static ExternalStore open(S3Location location, Clock clock) {
        return ExternalStore.open(options(location), clock);
    }

    static ExternalStore open(S3Location location, Clock clock, UnaryOperator<ExternalStoreOptions> change) {
        return ExternalStore.open(change.apply(options(location)), clock);
    }

    static URI endpoint() {
        return S3ProxyProcess.shared().endpoint();
    }
}
