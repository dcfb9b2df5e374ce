package dev.leadrouter.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/architecture.md, enforced on the main classes of all three modules: no
 * package depends on another that depends back on it, and the modules are layered http-api →
 * persistence → router-engine, never back.
 */
class ArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // In `mvn verify` the other modules' test code comes as test-jars (router-engine's fixtures,
        // persistence's database helpers), which DO_NOT_INCLUDE_TESTS (directories only) lets through.
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.leadrouter");
  }

  @Test
  void everyPackageIsItsOwnSliceAndNoSliceDependsOnItselfThroughOthers() {
    slices().matching("dev.leadrouter.(**)")
        .should().beFreeOfCycles()
        .check(main);
  }

  @Test
  void theModulesAreLayeredHttpOverPersistenceOverTheEngine() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("http-api").definedBy("dev.leadrouter.http..")
        .layer("persistence").definedBy("dev.leadrouter.persistence..")
        .layer("router-engine").definedBy("dev.leadrouter.engine..")
        .whereLayer("http-api").mayNotBeAccessedByAnyLayer()
        .whereLayer("persistence").mayOnlyBeAccessedByLayers("http-api")
        .whereLayer("router-engine").mayOnlyBeAccessedByLayers("persistence", "http-api")
        .check(main);
  }

  @Test
  void theImportSeesAllThreeModules() {
    for (String pkg : new String[] {"dev.leadrouter.http", "dev.leadrouter.persistence.lead", "dev.leadrouter.engine.lead"}) {
      if (main.stream().noneMatch(c -> c.getPackageName().equals(pkg))) {
        throw new AssertionError("no main class imported from " + pkg + ": the rules above would check nothing there");
      }
    }
    if (main.stream().anyMatch(describe("a test class", (com.tngtech.archunit.core.domain.JavaClass c) ->
        c.getSimpleName().endsWith("Test"))::test)) {
      throw new AssertionError("test classes were imported");
    }
  }
}
