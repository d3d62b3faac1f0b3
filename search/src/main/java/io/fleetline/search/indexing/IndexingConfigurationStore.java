package io.fleetline.search.indexing;

import java.util.Optional;

/** Where an account's indexing configuration is kept (its database). */
public interface IndexingConfigurationStore {
    /** The configuration saved last; empty when none was ever saved (indexing off). */
    Optional<IndexingConfiguration> load();

    /** Saves the configuration durably before it returns. */
    void save(IndexingConfiguration configuration);
}
