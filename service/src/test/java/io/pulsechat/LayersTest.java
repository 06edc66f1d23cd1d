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
 * Kafka and Redis above them; the surfaces clients and operators use (WebSocket, REST, the frontend
 * compatibility, the console) above those; the application, which wires them, on top.
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
                .layer("Surfaces").definedBy("io.pulsechat.ws..", "io.pulsechat.resources..", "io.pulsechat.compat..",
                        "io.pulsechat.console..")
                .layer("Application").definedBy("io.pulsechat")
                .whereLayer("Application").mayNotBeAccessedByAnyLayer()
                .whereLayer("Surfaces").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Surfaces", "Application")
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
