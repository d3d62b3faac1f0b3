package io.fleetline.core.auth;

import java.util.List;
import java.util.Optional;

/** Where access keys are kept. */
public interface AccessKeyStore {
    Optional<AccessKey> find(String id);

    void save(AccessKey key);

    List<AccessKey> all();
}
