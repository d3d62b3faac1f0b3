package io.fleetline.search.query;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed fleet-indexing query. Field names are the query's own ({@code thingName}, {@code attributes.floor},
 * {@code shadow.reported.firmware.version}, {@code connectivity.connected}); {@link #ANY_FIELD} stands for a term
 * given without a field, which AWS looks for in every registry and shadow field. Values are as written, unescaped;
 * matching is case-insensitive, which is the index's business.
 */
public sealed interface FleetQuery {
    /** The field of a term written without one: every registry and shadow field. */
    String ANY_FIELD = "*";

    /** A compact rendering that shows the structure, for tests and logs: {@code (and (term thingName "a") ...)}. */
    String render();

    /** Every thing ({@code *}). */
    record All() implements FleetQuery {
        @Override
        public String render() {
            return "(all)";
        }
    }

    /** Things matching every clause. */
    record And(List<FleetQuery> clauses) implements FleetQuery {
        public And {
            clauses = List.copyOf(clauses);
        }

        @Override
        public String render() {
            return "(and " + clauses.stream().map(FleetQuery::render).collect(Collectors.joining(" ")) + ")";
        }
    }

    /** Things matching at least one clause. */
    record Or(List<FleetQuery> clauses) implements FleetQuery {
        public Or {
            clauses = List.copyOf(clauses);
        }

        @Override
        public String render() {
            return "(or " + clauses.stream().map(FleetQuery::render).collect(Collectors.joining(" ")) + ")";
        }
    }

    /** Things not matching the clause. */
    record Not(FleetQuery clause) implements FleetQuery {
        @Override
        public String render() {
            return "(not " + clause.render() + ")";
        }
    }

    /** Things whose field holds the value (a number also matches the same number written otherwise). */
    record Term(String field, String value) implements FleetQuery {
        @Override
        public String render() {
            return "(term " + field + " \"" + value + "\")";
        }
    }

    /**
     * Things whose field matches a pattern: {@code *} any characters, {@code ?} one; a wildcard character written
     * escaped stands for itself and is kept as {@code \*} or {@code \?}, a backslash as {@code \\}.
     */
    record Wildcard(String field, String pattern) implements FleetQuery {
        @Override
        public String render() {
            return "(wildcard " + field + " \"" + pattern + "\")";
        }
    }

    /** Things that have the field at all ({@code field:*}). */
    record Exists(String field) implements FleetQuery {
        @Override
        public String render() {
            return "(exists " + field + ")";
        }
    }

    /** Things whose field lies in a range, compared as numbers when {@code numeric}, as text otherwise. */
    record Range(String field, Bound lower, Bound upper, boolean numeric) implements FleetQuery {
        @Override
        public String render() {
            return "(range " + field + " " + (lower.inclusive() ? "[" : "{") + lower.render() + " TO "
                    + upper.render() + (upper.inclusive() ? "]" : "}") + (numeric ? " number" : " text") + ")";
        }
    }

    /** One end of a range; an open end ({@code *}) has no value. */
    record Bound(String value, boolean inclusive, boolean open) {
        public static final Bound OPEN = new Bound("", false, true);

        public static Bound inclusive(String value) {
            return new Bound(value, true, false);
        }

        public static Bound exclusive(String value) {
            return new Bound(value, false, false);
        }

        String render() {
            return open ? "*" : value;
        }
    }
}
