package io.fleetline.console.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetline.console.ConsoleServices;
import io.fleetline.console.html.Html;
import io.fleetline.console.live.PresenceLog;
import io.fleetline.core.error.FleetlineException;
import io.fleetline.core.page.PageRequest;
import io.fleetline.jobs.execution.JobExecution;
import io.fleetline.registry.group.ThingGroup;
import io.fleetline.registry.thing.Thing;
import io.fleetline.security.cert.Certificate;
import io.fleetline.shadow.ShadowKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One device: its attributes, groups, certificates with their status (never a key: Fleetline keeps none), connection
 * state with its last connect and disconnect, its job executions, and its shadows.
 */
public final class ThingPage {
    static final int LISTED = 100;
    private static final String CERT_ARN_PART = ":cert/";

    /** A certificate attached to the thing; empty when the principal is not one of this account's certificates. */
    record Principal(String arn, Optional<Certificate> certificate) {
    }

    record Shadow(String name, ObjectNode document) {
    }

    record View(Thing thing, List<ThingGroup> groups, List<Principal> principals, Optional<PresenceLog.Seen> seen,
                List<JobExecution> executions, List<Shadow> shadows) {
    }

    private ThingPage() {
    }

    static View load(ConsoleServices services, PresenceLog presence, String name) {
        Thing thing = services.registry().things().describe(name);
        PageRequest page = new PageRequest(LISTED, Optional.empty());
        List<ThingGroup> groups = services.registry().membership().groups(name, page).items();
        List<Principal> principals = services.security().principals().principalsOf(name, page).items().stream()
                .map(arn -> new Principal(arn, certificate(services, arn))).toList();
        List<JobExecution> executions = services.jobs().executions().listForThing(name, Optional.empty(),
                Optional.empty(), page).items();
        List<Shadow> shadows = new ArrayList<>();
        services.shadows().indexed(ShadowKey.classic(name)).ifPresent(doc -> shadows.add(new Shadow("Classic", doc)));
        for (String shadow : services.shadows().listNamed(name, page).items()) {
            services.shadows().indexed(ShadowKey.named(name, shadow))
                    .ifPresent(doc -> shadows.add(new Shadow(shadow, doc)));
        }
        return new View(thing, groups, principals, presence.seen(name), executions, shadows);
    }

    private static Optional<Certificate> certificate(ConsoleServices services, String arn) {
        int at = arn.indexOf(CERT_ARN_PART);
        if (at < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(services.security().certificates().describe(arn.substring(at + CERT_ARN_PART.length())));
        } catch (FleetlineException e) {
            return Optional.empty();
        }
    }

    public static Html render(ConsoleServices services, PresenceLog presence, String csrf, String name) {
        View view = load(services, presence, name);
        Thing thing = view.thing();
        return Layout.page("Thing " + thing.name(), csrf, Html.of("""
                <h1>Thing <span id="thing-name">{}</span></h1>
                <dl class="facts"><dt>Type</dt><dd>{}</dd><dt>Version</dt><dd>{}</dd>
                <dt>Connection</dt><dd id="connection">{}</dd><dt>Last connect</dt><dd>{}</dd>
                <dt>Last disconnect</dt><dd>{}</dd></dl>
                <section aria-labelledby="attrs-h"><h2 id="attrs-h">Attributes</h2>{}</section>
                <section aria-labelledby="groups-h"><h2 id="groups-h">Groups</h2>{}</section>
                <section aria-labelledby="certs-h"><h2 id="certs-h">Certificates</h2>{}</section>
                <section aria-labelledby="exec-h"><h2 id="exec-h">Job executions</h2>{}</section>
                <section aria-labelledby="shadows-h"><h2 id="shadows-h">Shadows</h2>{}</section>""",
                thing.name(), thing.typeName().orElse("—"), thing.version(),
                view.seen().map(s -> s.connected() ? "Connected" : "Disconnected" + (s.disconnectReason().isEmpty()
                        ? "" : " (" + s.disconnectReason() + ")")).orElse("Not seen since the server started"),
                Layout.time(view.seen().flatMap(PresenceLog.Seen::lastConnect)),
                Layout.time(view.seen().flatMap(PresenceLog.Seen::lastDisconnect)),
                attributes(thing), groups(view.groups()), principals(view.principals()),
                executions(view.executions()), shadows(view.shadows())));
    }

    private static Html attributes(Thing thing) {
        if (thing.attributes().isEmpty()) {
            return Html.of("<p>None.</p>");
        }
        return Html.of("<dl class=\"facts\">{}</dl>", new TreeMap<>(thing.attributes()).entrySet().stream()
                .map(a -> Html.of("<dt>{}</dt><dd>{}</dd>", a.getKey(), a.getValue())).toList());
    }

    private static Html groups(List<ThingGroup> groups) {
        if (groups.isEmpty()) {
            return Html.of("<p>In no group.</p>");
        }
        return Html.of("<ul>{}</ul>", groups.stream().map(g -> Html.of("<li>{}</li>", g.name())).toList());
    }

    private static Html principals(List<Principal> principals) {
        if (principals.isEmpty()) {
            return Html.of("<p>No certificate attached.</p>");
        }
        return Html.of("""
                <div class="scroll"><table><thead><tr><th scope="col">Certificate</th><th scope="col">Status</th>
                <th scope="col">Valid until</th></tr></thead><tbody>{}</tbody></table></div>""",
                principals.stream().map(p -> Html.of("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                        p.certificate().map(Certificate::id).orElse(p.arn()),
                        p.certificate().map(c -> c.status().toString()).orElse("—"),
                        Layout.time(p.certificate().map(Certificate::notAfter)))).toList());
    }

    private static Html executions(List<JobExecution> executions) {
        if (executions.isEmpty()) {
            return Html.of("<p>None.</p>");
        }
        return Html.of("""
                <div class="scroll"><table id="executions"><thead><tr><th scope="col">Job</th><th scope="col">Status</th>
                <th scope="col">Execution</th><th scope="col">Status details</th><th scope="col">Updated</th></tr></thead>
                <tbody>{}</tbody></table></div>""", executions.stream().map(e -> Html.of(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", Layout.jobLink(e.jobId()),
                e.status(), e.executionNumber(), JobPage.details(e.statusDetails()), Layout.time(e.lastUpdatedAt())))
                .toList());
    }

    private static Html shadows(List<Shadow> shadows) {
        if (shadows.isEmpty()) {
            return Html.of("<p>No shadows.</p>");
        }
        return Html.join(shadows.stream().map(s -> Html.of("<h3>{}</h3><pre class=\"json\">{}</pre>", s.name(),
                s.document().toPrettyString())).toList());
    }
}
