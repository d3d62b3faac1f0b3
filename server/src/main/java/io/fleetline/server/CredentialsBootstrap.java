package io.fleetline.server;

import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.auth.AccessKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * On first start creates the admin access key; on every start writes {@code credentials} and {@code config}
 * in the AWS CLI format into the data directory, so that
 * {@code AWS_SHARED_CREDENTIALS_FILE=data/credentials AWS_CONFIG_FILE=data/config aws ...} just works.
 */
final class CredentialsBootstrap {
    private CredentialsBootstrap() {
    }

    static AccessKey ensureAdminKey(AccessKeyStore keys, Clock clock) {
        List<AccessKey> existing = keys.all();
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        AccessKey key = AccessKey.generate(new SecureRandom(), clock.instant());
        keys.save(key);
        return key;
    }

    static void writeFiles(DataDirectory dir, AccessKey key, String region) {
        dir.write("credentials", "[default]\n"
                + "aws_access_key_id = " + key.id() + "\n"
                + "aws_secret_access_key = " + key.secret() + "\n", true);
        dir.write("config", "[default]\n"
                + "region = " + region + "\n"
                + "output = json\n", false);
    }
}
