package io.fleetline.console.page;

import io.fleetline.console.ConsoleServices;
import io.fleetline.console.html.Html;
import io.fleetline.core.error.ErrorCode;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.PageRequest;
import io.fleetline.registry.thing.Thing;
import io.fleetline.registry.thing.ThingFilter;
import io.fleetline.search.ThingDocument;
import io.fleetline.search.indexing.FleetIndexing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds things: with fleet indexing on, by an index query ({@code thingName:sensor-*},
 * {@code attributes.model:X1 AND connectivity.connected:true}); with it off, by the registry: {@code name=value} lists
 * things with that attribute ({@code name=prefix*} by prefix), anything else is looked up as a thing name.
 */
public final class SearchPage {
    static final int RESULTS = 50;
    static final int MAX_QUERY = 1_024;

    record Result(String thingName, String type, String detail) {
    }

    record View(String query, boolean indexed, List<Result> results, Optional<String> problem) {
    }

    private SearchPage() {
    }

    static View load(ConsoleServices services, String query) {
        boolean indexed = services.indexing().configuration().thingIndexing();
        if (query.isBlank()) {
            return new View(query, indexed, List.of(), Optional.empty());
        }
        if (query.length() > MAX_QUERY) {
            return new View("", indexed, List.of(), Optional.of("The query is longer than " + MAX_QUERY
                    + " characters."));
        }
        try {
            return new View(query, indexed, indexed ? fromIndex(services, query) : fromRegistry(services, query),
                    Optional.empty());
        } catch (FleetlineException e) {
            if (e.code() == ErrorCode.INTERNAL_FAILURE) {
                throw e;
            }
            return new View(query, indexed, List.of(), Optional.of(e.getMessage()));
        }
    }

    private static List<Result> fromIndex(ConsoleServices services, String query) {
        return services.indexing().search(FleetIndexing.INDEX_NAME, query, new PageRequest(RESULTS, Optional.empty()))
                .items().stream().map(SearchPage::result).toList();
    }

    private static Result result(ThingDocument doc) {
        return new Result(doc.thingName(), doc.thingTypeName().orElse(""), doc.connectivity()
                .map(c -> c.connected() ? "connected" : "disconnected").orElse(""));
    }

    private static List<Result> fromRegistry(ConsoleServices services, String query) {
        int equals = query.indexOf('=');
        if (equals > 0) {
            String value = query.substring(equals + 1).strip();
            boolean prefix = value.endsWith("*");
            ThingFilter filter = new ThingFilter(Optional.of(query.substring(0, equals).strip()),
                    Optional.of(prefix ? value.substring(0, value.length() - 1) : value), prefix, Optional.empty());
            return services.registry().things().list(filter, new PageRequest(RESULTS, Optional.empty())).items()
                    .stream().map(SearchPage::result).toList();
        }
        List<Result> found = new ArrayList<>();
        try {
            found.add(result(services.registry().things().describe(query.strip())));
        } catch (FleetlineException e) {
            if (e.code() != ErrorCode.RESOURCE_NOT_FOUND && e.code() != ErrorCode.INVALID_REQUEST) {
                throw e;
            }
        }
        return found;
    }

    private static Result result(Thing thing) {
        return new Result(thing.name(), thing.typeName().orElse(""), "");
    }

    public static Html render(ConsoleServices services, String csrf, String query) {
        View view = load(services, query);
        Html results = view.results().isEmpty()
                ? Html.of("<p id=\"no-results\">{}</p>", view.query().isBlank() ? "" : "No things found.")
                : Html.of("""
                        <table id="results"><thead><tr><th scope="col">Thing</th><th scope="col">Type</th>
                        <th scope="col">Connectivity</th></tr></thead><tbody>{}</tbody></table>""",
                        view.results().stream().map(r -> Html.of("<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                                Layout.thingLink(r.thingName()), r.type(), r.detail())).toList());
        return Layout.page("Search", csrf, Html.of("""
                <h1>Search things</h1>
                <form method="get" action="/console/search" role="search">
                <label for="q">{}</label>
                <input id="q" name="q" value="{}" maxlength="1024" spellcheck="false">
                <button type="submit">Search</button></form>{}{}""",
                view.indexed() ? "Fleet index query (for example thingName:sensor-* or attributes.model:X1)"
                        : "Thing name, or attribute=value (attribute=prefix* for a prefix); fleet indexing is off",
                view.query(), view.problem().map(p -> Html.of("<p class=\"error\" role=\"alert\">{}</p>", p))
                        .orElse(Html.EMPTY), results));
    }
}
