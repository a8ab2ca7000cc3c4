package dev.mlops.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's layering, on its compiled classes (as warnings-ng pins its own with ArchUnit): the root package and
 * {@code data} at the bottom, {@code metrics} below {@code train} and {@code evaluate}, no package cycles, and
 * nothing of Jenkins or the command line inside the engine.
 */
class ArchitectureTest {

    static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mlops.engine");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.mlops.engine.(*)..").should().beFreeOfCycles().check(engine);
    }

    @Test
    void theRootPackageDependsOnNoEnginePackage() {
        noClasses().that().resideInAPackage("dev.mlops.engine").should().dependOnClassesThat()
                .resideInAPackage("dev.mlops.engine.(*)..").check(engine);
    }

    /** Every engine package but the root and {@code except}. */
    private static String[] packagesBut(String except) {
        return java.util.stream.Stream.of("data", "features", "metrics", "train", "evaluate", "registry", "serve",
                        "monitor", "lineage", "report", "delivery")
                .filter(p -> !p.equals(except)).map(p -> "dev.mlops.engine." + p + "..").toArray(String[]::new);
    }

    @Test
    void dataIsTheFloor() {
        noClasses().that().resideInAPackage("dev.mlops.engine.data..").should().dependOnClassesThat()
                .resideInAnyPackage(packagesBut("data")).check(engine);
    }

    @Test
    void metricsAreBelowTrainingAndEvaluation() {
        noClasses().that().resideInAPackage("dev.mlops.engine.metrics..").should().dependOnClassesThat()
                .resideInAnyPackage(packagesBut("metrics")).check(engine);
        noClasses().that().resideInAPackage("dev.mlops.engine.train..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.mlops.engine.evaluate..", "dev.mlops.engine.registry..",
                        "dev.mlops.engine.serve..", "dev.mlops.engine.monitor..", "dev.mlops.engine.report..")
                .check(engine);
    }

    @Test
    void onlyTheReportPackageDrawsPages() {
        noClasses().that().resideOutsideOfPackage("dev.mlops.engine.report..").should().dependOnClassesThat()
                .resideInAPackage("dev.mlops.engine.report..").check(engine);
    }

    @Test
    void noJenkinsOrCommandLineTypesInTheEngine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..",
                "org.jenkinsci..", "org.kohsuke.stapler..", "dev.mlops.cli..", "dev.mlops.jenkins..", "picocli..")
                .check(engine);
    }
}
