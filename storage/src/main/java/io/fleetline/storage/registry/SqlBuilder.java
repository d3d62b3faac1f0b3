package io.fleetline.storage.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** A query put together from optional conditions, binding only the parameters it uses. */
final class SqlBuilder {
    private final StringBuilder sql;
    private final Map<String, Object> params = new LinkedHashMap<>();

    SqlBuilder(String base) {
        this.sql = new StringBuilder(base);
    }

    SqlBuilder append(String text) {
        sql.append(' ').append(text);
        return this;
    }

    SqlBuilder append(String text, String param, Object value) {
        params.put(param, value);
        return append(text);
    }

    /** A case-sensitive prefix match that, unlike LIKE, treats {@code _} and {@code %} as plain characters. */
    SqlBuilder startsWith(String column, String param, String prefix) {
        params.put(param, prefix);
        params.put(param + "Len", prefix.length());
        return append("AND substr(" + column + ", 1, :" + param + "Len) = :" + param);
    }

    Query query(Handle handle) {
        Query query = handle.createQuery(sql.toString());
        params.forEach(query::bind);
        return query;
    }
}
