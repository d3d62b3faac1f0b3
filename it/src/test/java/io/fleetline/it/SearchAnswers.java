package io.fleetline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetline.it.FleetModel.Connection;
import io.fleetline.it.FleetModel.State;
import io.fleetline.it.FleetModel.Timeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.SearchIndexResponse;
import software.amazon.awssdk.services.iot.model.ThingConnectivity;
import software.amazon.awssdk.services.iot.model.ThingDocument;

/**
 * SearchIndex answers held against a {@link FleetModel}: every page followed, and the whole answer checked against
 * the states each thing may have been in while the search ran. A thing is answered only in a state it may have
 * had that matches the query, with the document of that state; a thing left out must have had, possibly, a state
 * that does not match. Once nothing is changing, that is the model's exact answer.
 */
final class SearchAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;
    private final IotClient iot;
    private final FleetModel model;

    /** A query and what it means over the model's states. */
    record Probe(String query, Predicate<State> matches) {
        boolean matching(State state) {
            return state.exists() && matches.test(state);
        }
    }

    /** One search: its pages' things in order, and when it started and ended. */
    record Answer(Probe probe, List<ThingDocument> things, int pages, long started, long ended) {
        List<String> names() {
            return things.stream().map(ThingDocument::thingName).toList();
        }
    }

    SearchAnswers(IotClient iot, FleetModel model) {
        this.iot = iot;
        this.model = model;
    }

    /** Runs the probe's query, page after page ({@code maxResults} 100, following {@code nextToken}). */
    Answer search(Probe probe) {
        long started = System.nanoTime();
        List<ThingDocument> things = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String after = token;
            SearchIndexResponse page = iot.searchIndex(r -> r.queryString(probe.query()).maxResults(PAGE)
                    .nextToken(after));
            if (page.things().size() > PAGE) {
                throw new AssertionError(probe.query() + ": a page of " + page.things().size() + " things");
            }
            things.addAll(page.things());
            token = page.nextToken();
            pages++;
        } while (token != null);
        return new Answer(probe, things, pages, started, System.nanoTime());
    }

    /** What is wrong with the answer, given what the model says may have been seen; empty when nothing is. */
    List<String> problems(Answer answer) {
        List<String> problems = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        String previous = "";
        for (ThingDocument thing : answer.things()) {
            String name = thing.thingName();
            if (name == null || name.compareTo(previous) <= 0) {
                problems.add("'" + name + "' out of order or repeated after '" + previous + "'");
            }
            previous = name == null ? previous : name;
            answered.add(name);
            answeredProblem(answer, thing).ifPresent(problems::add);
        }
        for (Timeline timeline : model.things()) {
            if (!answered.contains(timeline.name()) && timeline.possibleBetween(answer.started(), answer.ended())
                    .stream().allMatch(answer.probe()::matching)) {
                problems.add(timeline.name() + " left out, though it matched all along: " + timeline.latest());
            }
        }
        return problems.stream().map(p -> answer.probe().query() + ": " + p).toList();
    }

    private java.util.Optional<String> answeredProblem(Answer answer, ThingDocument thing) {
        if (!model.has(thing.thingName())) {
            return java.util.Optional.of("answered " + thing.thingName() + ", a thing never made");
        }
        Timeline timeline = model.thing(thing.thingName());
        List<State> possible = timeline.possibleBetween(answer.started(), answer.ended());
        if (possible.stream().anyMatch(state -> answer.probe().matching(state) && agrees(thing, timeline, state))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("answered " + describe(thing) + ", but it may only have been " + possible);
    }

    /** How many things match, at least and at most, while the search ran from {@code started} to {@code ended}. */
    long[] countBounds(Probe probe, long started, long ended) {
        long least = 0;
        long most = 0;
        for (Timeline timeline : model.things()) {
            List<State> possible = timeline.possibleBetween(started, ended);
            least += possible.stream().allMatch(probe::matching) ? 1 : 0;
            most += possible.stream().anyMatch(probe::matching) ? 1 : 0;
        }
        return new long[] {least, most};
    }

    /** The document says what the state says: id, groups, attributes, reported shadow, connectivity. */
    static boolean agrees(ThingDocument thing, Timeline timeline, State state) {
        return timeline.thingId().equals(thing.thingId())
                && state.attributes().equals(thing.attributes())
                && new HashSet<>(state.groups()).equals(new HashSet<>(thing.thingGroupNames()))
                && thing.thingGroupNames().size() == state.groups().size()
                && reportedAgrees(thing.shadow(), state)
                && connectivityAgrees(thing.connectivity(), state.connection());
    }

    private static boolean reportedAgrees(String shadow, State state) {
        if (shadow == null) {
            return false;
        }
        try {
            JsonNode reported = JSON.readTree(shadow).path("reported");
            return reported.path("firmware").isNumber() && reported.path("firmware").asDouble() == state.firmware()
                    && reported.path("sequence").isIntegralNumber()
                    && reported.path("sequence").asLong() == state.sequence();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean connectivityAgrees(ThingConnectivity connectivity, Connection connection) {
        return switch (connection) {
            case NEVER -> connectivity == null;
            case CONNECTED -> connectivity != null && Boolean.TRUE.equals(connectivity.connected())
                    && connectivity.timestamp() != null && connectivity.timestamp() > 0;
            case DISCONNECTED -> connectivity != null && Boolean.FALSE.equals(connectivity.connected())
                    && "CLIENT_INITIATED_DISCONNECT".equals(connectivity.disconnectReason());
        };
    }

    private static String describe(ThingDocument thing) {
        return thing.thingName() + " {attributes " + thing.attributes() + ", groups " + thing.thingGroupNames()
                + ", shadow " + thing.shadow() + ", connectivity " + thing.connectivity() + "}";
    }
}
