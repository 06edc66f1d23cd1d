package io.pulsechat;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The service's layers, held by a test rather than by memory: wire records and domain rules (with the
 * small shared pieces: auth, health, tls, server settings) at the bottom; the adapters of PostgreSQL,
 * Kafka and Redis above them; the bus, which hands what Redis brings to this node's listeners, above
 * those; the surfaces clients and operators use (WebSocket, REST, the frontend compatibility, the
 * console), each a listener of the bus, above it; the application, which wires them, on top.
 */
class LayersTest {
    /** The service module's own classes (the tools are on the test class path too, for the bench's smoke test). */
    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target/classes"));

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Foundation").definedBy("io.pulsechat.api..", "io.pulsechat.core..", "io.pulsechat.auth..",
                        "io.pulsechat.health..", "io.pulsechat.tls..", "io.pulsechat.server..")
                .layer("Adapters").definedBy("io.pulsechat.db..", "io.pulsechat.kafka..", "io.pulsechat.redis..")
                .layer("Bus").definedBy("io.pulsechat.bus..")
                .layer("Surfaces").definedBy("io.pulsechat.ws..", "io.pulsechat.resources..", "io.pulsechat.compat..",
                        "io.pulsechat.console..")
                .layer("Application").definedBy("io.pulsechat")
                .whereLayer("Application").mayNotBeAccessedByAnyLayer()
                .whereLayer("Surfaces").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("Bus").mayOnlyBeAccessedByLayers("Surfaces", "Application")
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Bus", "Surfaces", "Application")
                .check(SERVICE);
    }

    /** Storing talks to the bus through core's Events, whatever carries it; Redis knows nothing of Kafka or PostgreSQL. */
    @Test
    void theAdaptersOfKafkaAndRedisDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("io.pulsechat.kafka..")
                .should().dependOnClassesThat().resideInAPackage("io.pulsechat.redis..")
                .check(SERVICE);
        noClasses().that().resideInAPackage("io.pulsechat.redis..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pulsechat.kafka..", "io.pulsechat.db..")
                .check(SERVICE);
    }

    /** Services that publish events are domain rules: the SQL they need is an interface of theirs that `db` implements. */
    @Test
    void nothingInDbPublishesEvents() {
        noClasses().that().resideInAPackage("io.pulsechat.db..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.pulsechat.core.Events")
                .check(SERVICE);
    }

    /** Each surface hears the bus through its own listener; none calls up into another surface to pass events on. */
    @Test
    void surfacesDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("io.pulsechat.ws..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pulsechat.resources..", "io.pulsechat.console..")
                .check(SERVICE);
        noClasses().that().resideInAPackage("io.pulsechat.compat..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pulsechat.resources..", "io.pulsechat.console..")
                .check(SERVICE);
    }

    @Test
    void onlyTheApplicationKnowsTheFrontendCompatibilitySurface() {
        noClasses().that().resideOutsideOfPackages("io.pulsechat", "io.pulsechat.compat..")
                .should().dependOnClassesThat().resideInAPackage("io.pulsechat.compat..")
                .check(SERVICE);
    }

    @Test
    void theServiceCarriesNoTools() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.pulsechat.bench..", "io.pulsechat.cli..",
                        "io.pulsechat.tools..")
                .check(SERVICE);
    }
}
