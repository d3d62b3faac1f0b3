package io.fleetline.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.search.indexing.IndexingConfiguration;
import io.fleetline.search.indexing.IndexingConfiguration.ConnectivityMode;
import io.fleetline.search.indexing.IndexingConfiguration.CustomField;
import io.fleetline.search.indexing.IndexingConfiguration.FieldType;
import io.fleetline.search.indexing.IndexingConfiguration.ThingIndexingMode;
import io.fleetline.storage.Database;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The indexing configuration kept in each database: what was saved last comes back, across a reopening. */
abstract class IndexingConfigurationContract {
    @TempDir
    Path dir;
    String url;
    Database database;

    abstract String newDatabaseUrl(Path dir);

    abstract void dropDatabase(String url);

    @BeforeEach
    void open() {
        url = newDatabaseUrl(dir);
        database = Database.open(url);
    }

    @AfterEach
    void close() {
        database.close();
        dropDatabase(url);
    }

    @Test
    void an_account_that_never_configured_indexing_has_none() {
        assertThat(new JdbcIndexingConfigurationStore(database).load()).isEmpty();
    }

    @Test
    void the_configuration_saved_last_comes_back_after_the_database_is_reopened() {
        IndexingConfiguration first = new IndexingConfiguration(ThingIndexingMode.REGISTRY, ConnectivityMode.OFF,
                false, List.of(), List.of(), false, List.of());
        IndexingConfiguration second = new IndexingConfiguration(ThingIndexingMode.REGISTRY_AND_SHADOW,
                ConnectivityMode.STATUS, true, List.of("config", "$package"),
                List.of(new CustomField("attributes.weight", FieldType.NUMBER),
                        new CustomField("attributes.color", FieldType.STRING)),
                true, List.of(new CustomField("attributes.floor", FieldType.BOOLEAN)));
        new JdbcIndexingConfigurationStore(database).save(first);
        new JdbcIndexingConfigurationStore(database).save(second);
        database.close();
        database = Database.open(url);

        assertThat(new JdbcIndexingConfigurationStore(database).load()).contains(second);
    }
}
