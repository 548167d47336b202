package org.lstmlens.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layout's promises, checked on the compiled classes (ArchUnit): no package imports one that imports it back,
 * and the engine (the fused pass, the gate math) stays package-private behind the core's API.
 */
class PackageRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.lstmlens");

    @Test
    void no_package_imports_one_that_imports_it_back() {
        slices().matching("org.lstmlens.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void the_engine_is_package_private() {
        classes().that().haveSimpleNameStartingWith("Fused").or().haveSimpleName("VectorPass")
                .or().haveSimpleName("GateMath").or().haveSimpleName("Panels").or().haveSimpleName("Team")
                .or().haveSimpleNameEndingWith("Recurrence").or().haveSimpleNameEndingWith("Kernel")
                .should().notBePublic().check(MAIN);
    }
}
