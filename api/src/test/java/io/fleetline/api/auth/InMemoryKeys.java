package io.fleetline.api.auth;

import io.fleetline.core.auth.AccessKey;
import io.fleetline.core.auth.AccessKeyStore;
import java.util.List;
import java.util.Optional;

/** The access keys a verifier knows, fixed for a test (none at all, when given none). */
public record InMemoryKeys(List<AccessKey> keys) implements AccessKeyStore {
    public InMemoryKeys(AccessKey... keys) {
        this(List.of(keys));
    }

    @Override
    public Optional<AccessKey> find(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    @Override
    public void save(AccessKey key) {
        throw new UnsupportedOperationException("the keys are fixed for the test");
    }

    @Override
    public List<AccessKey> all() {
        return keys;
    }
}
