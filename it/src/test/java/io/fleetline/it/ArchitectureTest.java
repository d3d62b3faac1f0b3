package io.fleetline.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the module graph honest, by layer. The domain (every capability module, those that exist and those DESIGN.md
 * lays out for later) knows no transport, no store, no JSON library unless JSON is the capability's own language, and
 * none of the adapters; a domain module uses only the domain modules it declares here. The adapters depend on the
 * domain, never on each other or on the server that wires them.
 */
class ArchitectureTest {
    /** Every domain module and the domain modules it may use. A new capability gets its line here. */
    private static final Map<String, Set<String>> DOMAIN = domain();
    /** Capabilities whose protocol is JSON (policy documents; job documents and device payloads; OTA; shadows). */
    private static final Set<String> JSON_NATIVE = Set.of("security", "jobs", "ota", "shadow", "protocol");
    /**
     * s3store: the object store on an external S3 (the AWS SDK's client), beside storage's JDBC; console: the web
     * console over the same domain services as the API.
     */
    private static final List<String> ADAPTERS = List.of("api", "storage", "broker", "s3store", "console");
    private static final String[] TRANSPORT_AND_STORE = {"org.eclipse.jetty..", "jakarta.servlet..", "io.netty..",
            "com.hivemq..", "java.sql..", "javax.sql..", "org.jdbi..", "com.zaxxer..", "org.flywaydb..",
            // metrics are the server's: domain modules offer plain listeners, which it binds to Micrometer
            "io.micrometer..", "io.prometheus.."};
    private static final String JSON = "com.fasterxml.jackson..";

    private static JavaClasses classes;

    private static Map<String, Set<String>> domain() {
        Map<String, Set<String>> domain = new LinkedHashMap<>();
        domain.put("core", Set.of());
        // other modules' resources reach the registry's tags through ResourceLookup, not through their types
        domain.put("registry", Set.of("core"));
        domain.put("security", Set.of("core", "registry"));
        // jobs read documents from the object store and presign device downloads on it
        domain.put("jobs", Set.of("core", "registry", "blobs", "protocol"));
        domain.put("blobs", Set.of("core"));
        // the device protocols on the wire: shared by the server's adapters and the device agent
        domain.put("protocol", Set.of("core"));
        domain.put("ota", Set.of("core", "registry", "security", "jobs", "blobs", "protocol"));
        domain.put("shadow", Set.of("core", "registry"));
        // fleet indexing: typed thing documents in, the feeder (server) reads registry and shadow for it
        domain.put("search", Set.of("core"));
        return domain;
    }

    @BeforeAll
    static void importClasses() {
        // the rules are about what ships: test classes, also those other modules' test-jars bring onto this classpath
        // (api's tests run its handlers over storage's real database), are left out
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.fleetline");
    }

    private static String[] packagesOf(Stream<String> modules) {
        return modules.map(module -> "io.fleetline." + module + "..").toArray(String[]::new);
    }

    @Test
    void the_domain_uses_no_transport_and_no_store() {
        noClasses().that().resideInAnyPackage(packagesOf(DOMAIN.keySet().stream()))
                .should().dependOnClassesThat().resideInAnyPackage(TRANSPORT_AND_STORE)
                .check(classes);
    }

    @Test
    void the_domain_uses_no_json_library_unless_json_is_its_own_language() {
        noClasses().that().resideInAnyPackage(packagesOf(DOMAIN.keySet().stream()
                        .filter(module -> !JSON_NATIVE.contains(module))))
                .should().dependOnClassesThat().resideInAPackage(JSON)
                .check(classes);
    }

    @Test
    void the_domain_does_not_depend_on_the_adapters_or_the_server() {
        noClasses().that().resideInAnyPackage(packagesOf(DOMAIN.keySet().stream()))
                .should().dependOnClassesThat().resideInAnyPackage(packagesOf(Stream.concat(ADAPTERS.stream(),
                        Stream.of("server", "testkit"))))
                .check(classes);
    }

    @TestFactory
    Stream<DynamicTest> each_domain_module_uses_only_the_domain_modules_it_declares() {
        return DOMAIN.entrySet().stream().map(module -> DynamicTest.dynamicTest(module.getKey(), () ->
                noClasses().that().resideInAPackage("io.fleetline." + module.getKey() + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(packagesOf(DOMAIN.keySet().stream()
                                .filter(other -> !other.equals(module.getKey()) && !module.getValue().contains(other))))
                        .allowEmptyShould(true)  // a module DESIGN.md announces may not exist yet
                        .check(classes)));
    }

    @TestFactory
    Stream<DynamicTest> adapters_do_not_depend_on_each_other_or_on_the_server() {
        return ADAPTERS.stream().map(adapter -> DynamicTest.dynamicTest(adapter, () ->
                noClasses().that().resideInAPackage("io.fleetline." + adapter + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(packagesOf(Stream.concat(
                                ADAPTERS.stream().filter(other -> !other.equals(adapter)), Stream.of("server"))))
                        .check(classes)));
    }

    /**
     * The device agent is embedded in device software: it uses the device protocol (with the core values and the JSON
     * library that comes with it), the MQTT client and the JDK, nothing of the server.
     */
    @Test
    void the_agent_uses_only_the_protocol_the_mqtt_client_and_the_jdk() {
        classes().that().resideInAPackage("io.fleetline.agent..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.fleetline.agent..", "io.fleetline.protocol..",
                        "io.fleetline.core..", "com.fasterxml.jackson..", "com.hivemq.client..", "java..", "javax..",
                        "jdk.internal..", "")
                .check(classes);
    }

    @Test
    void only_the_agent_reaches_into_its_internals() {
        noClasses().that().resideOutsideOfPackage("io.fleetline.agent..")
                .should().dependOnClassesThat().resideInAPackage("io.fleetline.agent.internal..")
                .check(classes);
    }
}
