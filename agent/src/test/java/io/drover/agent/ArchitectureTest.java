package io.drover.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The agent's package layers (docs/architecture.md): {@code Main} reads the command line,
 * {@code Agent} wires the feature packages, and the feature packages depend on each other without
 * a cycle and never on the wiring.
 */
class ArchitectureTest {
    static final JavaClasses AGENT = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.drover.agent");

    @Test
    void theFeaturePackagesHaveNoCycle() {
        slices().matching("io.drover.agent.(*)..").should().beFreeOfCycles().check(AGENT);
    }

    @Test
    void noFeaturePackageDependsOnTheWiring() {
        noClasses().that().resideOutsideOfPackage("io.drover.agent")
                .should().dependOnClassesThat().resideInAPackage("io.drover.agent")
                .check(AGENT);
    }

    @Test
    void onlyMainIsTheCommandLine() {
        noClasses().that().doNotHaveFullyQualifiedName("io.drover.agent.Main")
                .and().doNotHaveFullyQualifiedName("io.drover.agent.Main$VersionProvider")
                .and().doNotHaveFullyQualifiedName("io.drover.agent.Main$AccelConverter")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.drover.agent.Main")
                .check(AGENT);
    }
}
