package io.fleetline.storage.registry;

import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.RegistryTx;
import io.fleetline.registry.billing.BillingGroup;
import io.fleetline.registry.group.DynamicQuery;
import io.fleetline.registry.group.ThingGroup;
import io.fleetline.registry.thing.Thing;
import io.fleetline.registry.thing.ThingFilter;
import io.fleetline.registry.type.ThingType;
import io.fleetline.storage.Json;
import io.fleetline.storage.ResourceTags;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The registry's reads and writes on one JDBC transaction. */
final class JdbcRegistryTx implements RegistryTx {
    private static final String THING_COLUMNS = "t.name, t.id, t.type_name, t.attributes, t.version";
    private static final String TYPE_COLUMNS =
            "name, id, description, searchable_attributes, created_at, deprecated_at";
    private static final String GROUP_COLUMNS =
            "name, id, parent_name, path, description, attributes, version, created_at, index_name, query_string, "
                    + "query_version";

    private final Handle handle;
    private final BillingGroupRows billing;

    JdbcRegistryTx(Handle handle) {
        this.handle = handle;
        this.billing = new BillingGroupRows(handle);
    }

    // ---- things

    @Override
    public Optional<Thing> findThing(String name) {
        return handle.createQuery("SELECT " + THING_COLUMNS + " FROM thing t WHERE t.name = :name")
                .bind("name", name).map((rs, ctx) -> thing(rs)).findOne();
    }

    @Override
    public void insertThing(Thing thing) {
        handle.createUpdate("INSERT INTO thing (name, id, type_name, attributes, version) "
                        + "VALUES (:name, :id, :type, :attributes, :version)")
                .bind("name", thing.name()).bind("id", thing.id()).bind("type", thing.typeName().orElse(null))
                .bind("attributes", Json.write(thing.attributes())).bind("version", thing.version())
                .execute();
        insertAttributes(thing);
    }

    @Override
    public void updateThing(Thing thing) {
        handle.createUpdate("UPDATE thing SET type_name = :type, attributes = :attributes, version = :version "
                        + "WHERE name = :name")
                .bind("name", thing.name()).bind("type", thing.typeName().orElse(null))
                .bind("attributes", Json.write(thing.attributes())).bind("version", thing.version())
                .execute();
        handle.createUpdate("DELETE FROM thing_attribute WHERE thing_name = :name").bind("name", thing.name()).execute();
        insertAttributes(thing);
    }

    private void insertAttributes(Thing thing) {
        if (thing.attributes().isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(
                "INSERT INTO thing_attribute (thing_name, name, value) VALUES (:thing, :name, :value)");
        thing.attributes().forEach((name, value) ->
                batch.bind("thing", thing.name()).bind("name", name).bind("value", value).add());
        batch.execute();
    }

    @Override
    public void deleteThing(String name) {
        handle.createUpdate("DELETE FROM thing_attribute WHERE thing_name = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM thing WHERE name = :name").bind("name", name).execute();
    }

    @Override
    public List<Thing> listThings(ThingFilter filter, PageRequest page) {
        SqlBuilder sql = new SqlBuilder("SELECT " + THING_COLUMNS + " FROM thing t");
        if (filter.attributeName().isPresent()) {
            sql.append("JOIN thing_attribute a ON a.thing_name = t.name AND a.name = :attrName",
                    "attrName", filter.attributeName().get());
        }
        sql.append("WHERE 1 = 1");
        filter.attributeValue().ifPresent(value -> {
            if (filter.valuePrefix()) {
                sql.startsWith("a.value", "attrValue", value);
            } else {
                sql.append("AND a.value = :attrValue", "attrValue", value);
            }
        });
        filter.typeName().ifPresent(type -> sql.append("AND t.type_name = :type", "type", type));
        return page(sql, "t.name", page).map((rs, ctx) -> thing(rs)).list();
    }

    @Override
    public long countThingsOfType(String typeName) {
        return handle.createQuery("SELECT COUNT(*) FROM thing WHERE type_name = :type")
                .bind("type", typeName).mapTo(Long.class).one();
    }

    private static Thing thing(ResultSet rs) throws SQLException {
        return new Thing(rs.getString("name"), rs.getString("id"), Optional.ofNullable(rs.getString("type_name")),
                Json.map(rs.getString("attributes")), rs.getLong("version"));
    }

    // ---- thing types

    @Override
    public Optional<ThingType> findThingType(String name) {
        return handle.createQuery("SELECT " + TYPE_COLUMNS + " FROM thing_type WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> thingType(rs)).findOne();
    }

    @Override
    public void insertThingType(ThingType type) {
        handle.createUpdate("INSERT INTO thing_type (" + TYPE_COLUMNS + ") VALUES "
                        + "(:name, :id, :description, :searchable, :created, :deprecated)")
                .bind("name", type.name()).bind("id", type.id())
                .bind("description", type.description().orElse(null))
                .bind("searchable", Json.write(type.searchableAttributes()))
                .bind("created", type.creationDate().toEpochMilli())
                .bind("deprecated", type.deprecationDate().map(Instant::toEpochMilli).orElse(null))
                .execute();
    }

    @Override
    public void updateThingType(ThingType type) {
        handle.createUpdate("UPDATE thing_type SET description = :description, searchable_attributes = :searchable, "
                        + "deprecated_at = :deprecated WHERE name = :name")
                .bind("name", type.name())
                .bind("description", type.description().orElse(null))
                .bind("searchable", Json.write(type.searchableAttributes()))
                .bind("deprecated", type.deprecationDate().map(Instant::toEpochMilli).orElse(null))
                .execute();
    }

    @Override
    public void deleteThingType(String name) {
        handle.createUpdate("DELETE FROM thing_type WHERE name = :name").bind("name", name).execute();
    }

    @Override
    public List<ThingType> listThingTypes(Optional<String> name, PageRequest page) {
        SqlBuilder sql = new SqlBuilder("SELECT " + TYPE_COLUMNS + " FROM thing_type WHERE 1 = 1");
        name.ifPresent(n -> sql.append("AND name = :name", "name", n));
        return page(sql, "name", page).map((rs, ctx) -> thingType(rs)).list();
    }

    private static ThingType thingType(ResultSet rs) throws SQLException {
        long deprecated = rs.getLong("deprecated_at");
        Optional<Instant> deprecationDate = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(deprecated));
        return new ThingType(rs.getString("name"), rs.getString("id"), Optional.ofNullable(rs.getString("description")),
                Json.list(rs.getString("searchable_attributes")), Instant.ofEpochMilli(rs.getLong("created_at")),
                deprecationDate);
    }

    // ---- thing groups

    @Override
    public Optional<ThingGroup> findGroup(String name) {
        return handle.createQuery("SELECT " + GROUP_COLUMNS + " FROM thing_group WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> group(rs)).findOne();
    }

    @Override
    public void insertGroup(ThingGroup group) {
        handle.createUpdate("INSERT INTO thing_group (" + GROUP_COLUMNS + ") VALUES "
                        + "(:name, :id, :parent, :path, :description, :attributes, :version, :created, :index, :query, "
                        + ":queryVersion)")
                .bind("name", group.name()).bind("id", group.id()).bind("parent", group.parentName().orElse(null))
                .bind("path", group.path()).bind("description", group.description().orElse(null))
                .bind("attributes", Json.write(group.attributes())).bind("version", group.version())
                .bind("created", group.creationDate().toEpochMilli())
                .bind("index", group.query().map(DynamicQuery::indexName).orElse(null))
                .bind("query", group.query().map(DynamicQuery::queryString).orElse(null))
                .bind("queryVersion", group.query().map(DynamicQuery::queryVersion).orElse(null))
                .execute();
    }

    @Override
    public void updateGroup(ThingGroup group) {
        handle.createUpdate("UPDATE thing_group SET description = :description, attributes = :attributes, "
                        + "index_name = :index, query_string = :query, query_version = :queryVersion, "
                        + "version = :version WHERE name = :name")
                .bind("name", group.name()).bind("description", group.description().orElse(null))
                .bind("attributes", Json.write(group.attributes())).bind("version", group.version())
                .bind("index", group.query().map(DynamicQuery::indexName).orElse(null))
                .bind("query", group.query().map(DynamicQuery::queryString).orElse(null))
                .bind("queryVersion", group.query().map(DynamicQuery::queryVersion).orElse(null))
                .execute();
    }

    @Override
    public void deleteGroup(String name) {
        handle.createUpdate("DELETE FROM thing_group_member WHERE group_name = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM thing_group WHERE name = :name").bind("name", name).execute();
    }

    @Override
    public List<ThingGroup> listGroups(String pathPrefix, Optional<String> parent, String namePrefix, PageRequest page) {
        SqlBuilder sql = new SqlBuilder("SELECT " + GROUP_COLUMNS + " FROM thing_group WHERE 1 = 1");
        if (!pathPrefix.isEmpty()) {
            sql.startsWith("path", "pathPrefix", pathPrefix).append("AND path <> :pathPrefix");
        }
        parent.ifPresent(p -> sql.append("AND parent_name = :parent", "parent", p));
        if (!namePrefix.isEmpty()) {
            sql.startsWith("name", "namePrefix", namePrefix);
        }
        return page(sql, "name", page).map((rs, ctx) -> group(rs)).list();
    }

    @Override
    public List<ThingGroup> listRootGroups(String namePrefix, PageRequest page) {
        SqlBuilder sql = new SqlBuilder("SELECT " + GROUP_COLUMNS + " FROM thing_group WHERE parent_name IS NULL");
        if (!namePrefix.isEmpty()) {
            sql.startsWith("name", "namePrefix", namePrefix);
        }
        return page(sql, "name", page).map((rs, ctx) -> group(rs)).list();
    }

    @Override
    public long countChildGroups(String name) {
        return handle.createQuery("SELECT COUNT(*) FROM thing_group WHERE parent_name = :name")
                .bind("name", name).mapTo(Long.class).one();
    }

    @Override
    public List<ThingGroup> dynamicGroups() {
        return handle.createQuery("SELECT " + GROUP_COLUMNS + " FROM thing_group WHERE query_string IS NOT NULL "
                + "ORDER BY name").map((rs, ctx) -> group(rs)).list();
    }

    private static ThingGroup group(ResultSet rs) throws SQLException {
        String query = rs.getString("query_string");
        return new ThingGroup(rs.getString("name"), rs.getString("id"), Optional.ofNullable(rs.getString("parent_name")),
                rs.getString("path"), Optional.ofNullable(rs.getString("description")),
                Json.map(rs.getString("attributes")), rs.getLong("version"),
                Instant.ofEpochMilli(rs.getLong("created_at")), query == null ? Optional.empty()
                        : Optional.of(new DynamicQuery(rs.getString("index_name"), query, rs.getString("query_version"))));
    }

    // ---- membership

    @Override
    public void addMember(String groupName, String thingName) {
        handle.createUpdate("INSERT INTO thing_group_member (group_name, thing_name) VALUES (:group, :thing)")
                .bind("group", groupName).bind("thing", thingName).execute();
    }

    @Override
    public void removeMember(String groupName, String thingName) {
        handle.createUpdate("DELETE FROM thing_group_member WHERE group_name = :group AND thing_name = :thing")
                .bind("group", groupName).bind("thing", thingName).execute();
    }

    @Override
    public List<String> groupsOfThing(String thingName) {
        return handle.createQuery("SELECT group_name FROM thing_group_member WHERE thing_name = :thing "
                        + "ORDER BY group_name")
                .bind("thing", thingName).mapTo(String.class).list();
    }

    @Override
    public List<String> thingsInGroups(String pathPrefix, boolean exactPath, PageRequest page) {
        SqlBuilder sql = new SqlBuilder("SELECT DISTINCT m.thing_name FROM thing_group_member m "
                + "JOIN thing_group g ON g.name = m.group_name WHERE 1 = 1");
        if (exactPath) {
            sql.append("AND g.path = :path", "path", pathPrefix);
        } else {
            sql.startsWith("g.path", "path", pathPrefix);
        }
        return page(sql, "m.thing_name", page).mapTo(String.class).list();
    }

    // ---- billing groups

    @Override
    public Optional<BillingGroup> findBillingGroup(String name) {
        return billing.find(name);
    }

    @Override
    public void insertBillingGroup(BillingGroup group) {
        billing.insert(group);
    }

    @Override
    public void updateBillingGroup(BillingGroup group) {
        billing.update(group);
    }

    @Override
    public void deleteBillingGroup(String name) {
        billing.delete(name);
    }

    @Override
    public List<BillingGroup> listBillingGroups(String namePrefix, PageRequest page) {
        return billing.list(namePrefix, page);
    }

    @Override
    public void putBillingMember(String groupName, String thingName) {
        billing.putMember(groupName, thingName);
    }

    @Override
    public void removeBillingMember(String thingName) {
        billing.removeMember(thingName);
    }

    @Override
    public Optional<String> billingGroupOf(String thingName) {
        return billing.groupOf(thingName);
    }

    @Override
    public List<String> thingsInBillingGroup(String groupName, PageRequest page) {
        return billing.things(groupName, page);
    }

    // ---- tags

    @Override
    public Map<String, String> tags(String arn) {
        return ResourceTags.of(handle, arn);
    }

    @Override
    public void putTags(String arn, Map<String, String> tags) {
        ResourceTags.put(handle, arn, tags);
    }

    @Override
    public void removeTags(String arn, Collection<String> keys) {
        ResourceTags.remove(handle, arn, keys);
    }

    private org.jdbi.v3.core.statement.Query page(SqlBuilder sql, String keyColumn, PageRequest page) {
        return page(handle, sql, keyColumn, page);
    }

    /** Adds keyset paging: items after the token's key, ordered by it, one more than the page holds. */
    static org.jdbi.v3.core.statement.Query page(Handle handle, SqlBuilder sql, String keyColumn, PageRequest page) {
        page.after().ifPresent(after -> sql.append("AND " + keyColumn + " > :after", "after", after));
        sql.append("ORDER BY " + keyColumn + " LIMIT :limit", "limit", page.limit() + 1);
        return sql.query(handle);
    }
}
