package io.fleetline.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the module graph honest: the domain knows no transport, no store and no JSON library. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.fleetline");
    }

    @Test
    void the_domain_uses_no_http_mqtt_jdbc_or_json_library() {
        noClasses().that().resideInAnyPackage("io.fleetline.core..", "io.fleetline.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "io.netty..",
                        "com.hivemq..", "java.sql..", "org.jdbi..", "com.zaxxer..", "org.flywaydb..",
                        "com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void security_uses_no_transport_or_jdbc() {
        noClasses().that().resideInAPackage("io.fleetline.security..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "io.netty..",
                        "com.hivemq..", "java.sql..", "org.jdbi..", "com.zaxxer..", "org.flywaydb..")
                .check(classes);
        noClasses().that().resideInAPackage("io.fleetline.security..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetline.api..", "io.fleetline.storage..",
                        "io.fleetline.server..")
                .check(classes);
    }

    @Test
    void jobs_use_no_transport_or_jdbc_and_no_adapter() {
        // JSON is the jobs protocol's own language (device payloads, AWS configuration shapes), so Jackson is allowed
        noClasses().that().resideInAPackage("io.fleetline.jobs..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "io.netty..",
                        "com.hivemq..", "java.sql..", "org.jdbi..", "com.zaxxer..", "org.flywaydb..",
                        "io.fleetline.api..", "io.fleetline.storage..", "io.fleetline.server..", "io.fleetline.broker..",
                        "io.fleetline.security..")
                .check(classes);
    }

    @Test
    void the_domain_does_not_depend_on_its_adapters() {
        noClasses().that().resideInAnyPackage("io.fleetline.core..", "io.fleetline.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetline.api..", "io.fleetline.storage..",
                        "io.fleetline.server..")
                .check(classes);
    }

    @Test
    void the_registry_knows_no_other_domain_module() {
        // other modules' resources reach the registry's tags through ResourceLookup, not through their types
        noClasses().that().resideInAnyPackage("io.fleetline.core..", "io.fleetline.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetline.security..", "io.fleetline.jobs..")
                .check(classes);
    }

    @Test
    void adapters_do_not_depend_on_each_other_or_on_the_server() {
        noClasses().that().resideInAPackage("io.fleetline.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetline.storage..", "io.fleetline.server..")
                .check(classes);
        noClasses().that().resideInAPackage("io.fleetline.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fleetline.api..", "io.fleetline.server..")
                .check(classes);
    }
}
