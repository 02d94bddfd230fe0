package dev.gpuportal.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The boundaries of the design, checked on every build. */
class ArchitectureTest {

    static final JavaClasses PORTAL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gpuportal");

    @Test
    void onlyTheClusterFeatureUsesFabric8() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.gpuportal.cluster..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fabric8..")
                .check(PORTAL);
    }

    @Test
    void viewsUseServicesNotRepositoriesNorTheClusterFeature() {
        noClasses()
                .that()
                .resideInAPackage("dev.gpuportal.ui..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(org.springframework.data.repository.Repository.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("dev.gpuportal.cluster..")
                .check(PORTAL);
    }

    @Test
    void securityKnowsNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("dev.gpuportal.security..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.gpuportal.tenancy..",
                        "dev.gpuportal.gpu..",
                        "dev.gpuportal.quota..",
                        "dev.gpuportal.workload..",
                        "dev.gpuportal.audit..",
                        "dev.gpuportal.cluster..",
                        "dev.gpuportal.ui..",
                        "dev.gpuportal.demo..",
                        "dev.gpuportal.tenantfiles..")
                .check(PORTAL);
    }

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching("dev.gpuportal.(*)..").should().beFreeOfCycles().check(PORTAL);
    }

    @Test
    void noFeatureDependsOnTheClusterFeature() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.gpuportal.cluster..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.gpuportal.cluster..")
                .check(PORTAL);
    }

    @Test
    void noFeatureDependsOnTheUi() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.gpuportal.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.gpuportal.ui..")
                .check(PORTAL);
    }

    @Test
    void thePartsOfTheClusterFeatureAreFreeOfCycles() {
        slices().matching("dev.gpuportal.cluster.(*)..")
                .should()
                .beFreeOfCycles()
                .check(PORTAL);
    }

    @Test
    void theRegistryAndTheEngineKnowNoManagedThing() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.gpuportal.cluster.registry..", "dev.gpuportal.cluster.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.gpuportal.cluster.tenants..",
                        "dev.gpuportal.cluster.workloads..",
                        "dev.gpuportal.cluster.virtual..")
                .check(PORTAL);
    }

    @Test
    void workloadsAndVirtualClustersAreIndependentOfEachOtherAndOfTenants() {
        noClasses()
                .that()
                .resideInAPackage("dev.gpuportal.cluster.workloads..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.gpuportal.cluster.tenants..", "dev.gpuportal.cluster.virtual..")
                .check(PORTAL);
        noClasses()
                .that()
                .resideInAPackage("dev.gpuportal.cluster.virtual..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.gpuportal.cluster.tenants..", "dev.gpuportal.cluster.workloads..")
                .check(PORTAL);
    }

    /** The rights-free *FromFile writes exist for the tenant-file sync, whose input platform admins wrote. */
    @Test
    void onlyTheTenantFileSyncWritesWithoutACallersRights() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.gpuportal.tenantfiles..")
                .should()
                .callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.nameEndingWith("FromFile")))
                .check(PORTAL);
    }
}
