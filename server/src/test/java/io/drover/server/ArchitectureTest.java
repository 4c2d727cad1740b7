package io.drover.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server's package layers (docs/architecture.md): {@code Main} reads the command line,
 * {@code DroverServer} wires the feature packages, and the feature packages depend on each other
 * without a cycle and never on the wiring.
 */
class ArchitectureTest {
    static final JavaClasses SERVER = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.drover.server");

    @Test
    void theFeaturePackagesHaveNoCycle() {
        slices().matching("io.drover.server.(*)..").should().beFreeOfCycles().check(SERVER);
    }

    @Test
    void noFeaturePackageDependsOnTheWiring() {
        noClasses().that().resideOutsideOfPackage("io.drover.server")
                .should().dependOnClassesThat().resideInAPackage("io.drover.server")
                .check(SERVER);
    }
}
