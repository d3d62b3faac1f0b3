package io.fleetline.storage.registry;

import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.billing.BillingGroup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code billing_group} and {@code billing_group_member} tables (V17), for {@link JdbcRegistryTx}. */
final class BillingGroupRows {
    private static final String COLUMNS = "name, id, description, version, created_at";

    private final Handle handle;

    BillingGroupRows(Handle handle) {
        this.handle = handle;
    }

    Optional<BillingGroup> find(String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM billing_group WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> group(rs)).findOne();
    }

    void insert(BillingGroup group) {
        handle.createUpdate("INSERT INTO billing_group (" + COLUMNS + ") VALUES "
                        + "(:name, :id, :description, :version, :created)")
                .bind("name", group.name()).bind("id", group.id())
                .bind("description", group.description().orElse(null)).bind("version", group.version())
                .bind("created", group.creationDate().toEpochMilli())
                .execute();
    }

    void update(BillingGroup group) {
        handle.createUpdate("UPDATE billing_group SET description = :description, version = :version "
                        + "WHERE name = :name")
                .bind("name", group.name()).bind("description", group.description().orElse(null))
                .bind("version", group.version())
                .execute();
    }

    void delete(String name) {
        handle.createUpdate("DELETE FROM billing_group_member WHERE group_name = :name").bind("name", name).execute();
        handle.createUpdate("DELETE FROM billing_group WHERE name = :name").bind("name", name).execute();
    }

    List<BillingGroup> list(String namePrefix, PageRequest page) {
        SqlBuilder sql = new SqlBuilder("SELECT " + COLUMNS + " FROM billing_group WHERE 1 = 1");
        if (!namePrefix.isEmpty()) {
            sql.startsWith("name", "namePrefix", namePrefix);
        }
        return JdbcRegistryTx.page(handle, sql, "name", page).map((rs, ctx) -> group(rs)).list();
    }

    void putMember(String groupName, String thingName) {
        removeMember(thingName);
        handle.createUpdate("INSERT INTO billing_group_member (thing_name, group_name) VALUES (:thing, :group)")
                .bind("thing", thingName).bind("group", groupName).execute();
    }

    void removeMember(String thingName) {
        handle.createUpdate("DELETE FROM billing_group_member WHERE thing_name = :thing")
                .bind("thing", thingName).execute();
    }

    Optional<String> groupOf(String thingName) {
        return handle.createQuery("SELECT group_name FROM billing_group_member WHERE thing_name = :thing")
                .bind("thing", thingName).mapTo(String.class).findOne();
    }

    List<String> things(String groupName, PageRequest page) {
        SqlBuilder sql = new SqlBuilder("SELECT thing_name FROM billing_group_member WHERE 1 = 1")
                .append("AND group_name = :group", "group", groupName);
        return JdbcRegistryTx.page(handle, sql, "thing_name", page).mapTo(String.class).list();
    }

    private static BillingGroup group(ResultSet rs) throws SQLException {
        return new BillingGroup(rs.getString("name"), rs.getString("id"),
                Optional.ofNullable(rs.getString("description")), rs.getLong("version"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
