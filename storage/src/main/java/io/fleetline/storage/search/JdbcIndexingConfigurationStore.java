package io.fleetline.storage.search;

import io.fleetline.search.indexing.IndexingConfiguration;
import io.fleetline.search.indexing.IndexingConfiguration.ConnectivityMode;
import io.fleetline.search.indexing.IndexingConfiguration.CustomField;
import io.fleetline.search.indexing.IndexingConfiguration.FieldType;
import io.fleetline.search.indexing.IndexingConfiguration.ThingIndexingMode;
import io.fleetline.search.indexing.IndexingConfigurationStore;
import io.fleetline.storage.Database;
import io.fleetline.storage.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link IndexingConfigurationStore} on a {@link Database}: one row. */
public final class JdbcIndexingConfigurationStore implements IndexingConfigurationStore {
    private final Database database;

    public JdbcIndexingConfigurationStore(Database database) {
        this.database = database;
    }

    @Override
    public Optional<IndexingConfiguration> load() {
        return database.read(h -> h.createQuery("SELECT * FROM indexing_configuration WHERE id = 1")
                .map((rs, ctx) -> configuration(rs)).findOne());
    }

    @Override
    public void save(IndexingConfiguration configuration) {
        database.write(h -> {
            h.createUpdate("DELETE FROM indexing_configuration WHERE id = 1").execute();
            return h.createUpdate("""
                    INSERT INTO indexing_configuration (id, thing_indexing_mode, thing_connectivity_mode,
                        named_shadow_indexing, named_shadow_names, custom_fields, thing_group_indexing,
                        thing_group_custom_fields)
                    VALUES (1, :mode, :connectivity, :named, :names, :fields, :groups, :groupFields)""")
                    .bind("mode", configuration.thingIndexingMode().name())
                    .bind("connectivity", configuration.connectivity().name())
                    .bind("named", configuration.namedShadows())
                    .bind("names", Json.write(configuration.namedShadowNames()))
                    .bind("fields", fields(configuration.customFields()))
                    .bind("groups", configuration.thingGroupIndexing())
                    .bind("groupFields", fields(configuration.thingGroupCustomFields()))
                    .execute();
        });
    }

    private static String fields(List<CustomField> fields) {
        Map<String, String> byName = new LinkedHashMap<>();
        fields.forEach(field -> byName.put(field.name(), field.type().awsName()));
        return Json.write(byName);
    }

    private static List<CustomField> fields(String text) {
        return Json.map(text).entrySet().stream()
                .map(entry -> new CustomField(entry.getKey(), FieldType.of(entry.getValue()))).toList();
    }

    private static IndexingConfiguration configuration(ResultSet rs) throws SQLException {
        return new IndexingConfiguration(ThingIndexingMode.valueOf(rs.getString("thing_indexing_mode")),
                ConnectivityMode.valueOf(rs.getString("thing_connectivity_mode")),
                rs.getBoolean("named_shadow_indexing"), Json.list(rs.getString("named_shadow_names")),
                fields(rs.getString("custom_fields")), rs.getBoolean("thing_group_indexing"),
                fields(rs.getString("thing_group_custom_fields")));
    }
}
