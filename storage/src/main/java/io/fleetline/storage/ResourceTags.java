package io.fleetline.storage;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@code resource_tag} table, which holds the tags of every resource of the account by ARN, whichever module
 * owns the resource. Each method works inside the caller's transaction.
 */
public final class ResourceTags {
    private ResourceTags() {
    }

    /** The resource's tags ordered by key. */
    public static Map<String, String> of(Handle handle, String arn) {
        Map<String, String> tags = new TreeMap<>();
        handle.createQuery("SELECT tag_key, tag_value FROM resource_tag WHERE arn = :arn").bind("arn", arn)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> tags.put(e.getKey(), e.getValue()));
        return tags;
    }

    /** Adds the tags, replacing the values of keys the resource has. */
    public static void put(Handle handle, String arn, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        remove(handle, arn, tags.keySet());
        PreparedBatch batch = handle.prepareBatch(
                "INSERT INTO resource_tag (arn, tag_key, tag_value) VALUES (:arn, :key, :value)");
        tags.forEach((key, value) -> batch.bind("arn", arn).bind("key", key).bind("value", value).add());
        batch.execute();
    }

    public static void remove(Handle handle, String arn, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("DELETE FROM resource_tag WHERE arn = :arn AND tag_key = :key");
        keys.forEach(key -> batch.bind("arn", arn).bind("key", key).add());
        batch.execute();
    }

    /** Removes every tag of the resource, as its deletion does. */
    public static void removeAll(Handle handle, String arn) {
        handle.createUpdate("DELETE FROM resource_tag WHERE arn = :arn").bind("arn", arn).execute();
    }
}
