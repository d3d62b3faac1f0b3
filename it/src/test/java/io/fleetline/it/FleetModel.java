package io.fleetline.it;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What the test did to a fleet, kept beside the server: each thing's states in order, with when each change was
 * sent and when the server acknowledged it. From that it tells which states a search that ran between two instants
 * may have seen: the last one acknowledged before the search started, and any sent before it ended.
 *
 * <p>A thing's changes are sequential (the next is sent after the last was acknowledged); changes of different
 * things run concurrently. Times are {@link System#nanoTime()}.
 */
final class FleetModel {
    private final Map<String, Timeline> things = new TreeMap<>();

    /** How a thing's device is connected, as connectivity indexing tells it. */
    enum Connection { NEVER, CONNECTED, DISCONNECTED }

    /** A thing at one moment: gone, or its registry fields, its reported firmware and sequence, its connection. */
    record State(boolean exists, Map<String, String> attributes, List<String> groups, double firmware, long sequence,
                 Connection connection) {
        State {
            attributes = Map.copyOf(attributes);
            groups = List.copyOf(groups);
        }

        static State of(Map<String, String> attributes, List<String> groups, double firmware) {
            return new State(true, attributes, groups, firmware, 0, Connection.NEVER);
        }

        State withAttribute(String name, String value) {
            Map<String, String> changed = new HashMap<>(attributes);
            changed.put(name, value);
            return new State(exists, changed, groups, firmware, sequence, connection);
        }

        State reporting(double newFirmware, long newSequence) {
            return new State(exists, attributes, groups, newFirmware, newSequence, connection);
        }

        State with(Connection newConnection) {
            return new State(exists, attributes, groups, firmware, sequence, newConnection);
        }

        State deleted() {
            return new State(false, Map.of(), List.of(), 0, 0, connection);
        }

        boolean connected() {
            return connection == Connection.CONNECTED;
        }

        double number(String attribute) {
            return Double.parseDouble(attributes.getOrDefault(attribute, "NaN"));
        }
    }

    /** One change of a thing: the state it leads to, sent at {@code sent}, acknowledged at {@link #acknowledged}. */
    static final class Change {
        private final State state;
        private final long sent;
        private volatile long acknowledged = Long.MAX_VALUE;

        private Change(State state, long sent, long acknowledged) {
            this.state = state;
            this.sent = sent;
            this.acknowledged = acknowledged;
        }

        /** The server acknowledged the change now. */
        void acknowledge() {
            acknowledge(System.nanoTime());
        }

        /** The server acknowledged the change at {@code at} (when its answer arrived). */
        void acknowledge(long at) {
            acknowledged = at;
        }
    }

    /** One thing's changes in order. */
    static final class Timeline {
        private final String name;
        private final String thingId;
        private final List<Change> changes = new ArrayList<>();

        private Timeline(String name, String thingId, State initial) {
            this.name = name;
            this.thingId = thingId;
            changes.add(new Change(initial, Long.MIN_VALUE, Long.MIN_VALUE));
        }

        String name() {
            return name;
        }

        String thingId() {
            return thingId;
        }

        /** Records a change about to be sent (call it before sending, so no search can see it unrecorded). */
        synchronized Change change(UnaryOperator<State> change) {
            Change next = new Change(change.apply(latest()), System.nanoTime(), Long.MAX_VALUE);
            changes.add(next);
            return next;
        }

        synchronized State latest() {
            return changes.getLast().state;
        }

        /** The states a search running from {@code started} to {@code ended} may have seen, latest first. */
        synchronized List<State> possibleBetween(long started, long ended) {
            List<State> possible = new ArrayList<>();
            for (Change change : changes.reversed()) {
                if (change.sent >= ended) {
                    continue;
                }
                possible.add(change.state);
                if (change.acknowledged < started) {
                    break;
                }
            }
            return possible;
        }
    }

    /** Adds a thing as it is before the changes the test will watch. */
    void add(String name, String thingId, State initial) {
        things.put(name, new Timeline(name, thingId, initial));
    }

    Timeline thing(String name) {
        Timeline timeline = things.get(name);
        if (timeline == null) {
            throw new IllegalArgumentException("no thing " + name + " in the model");
        }
        return timeline;
    }

    boolean has(String name) {
        return things.containsKey(name);
    }

    /** Every thing, by name. */
    Collection<Timeline> things() {
        return Collections.unmodifiableCollection(things.values());
    }
}
