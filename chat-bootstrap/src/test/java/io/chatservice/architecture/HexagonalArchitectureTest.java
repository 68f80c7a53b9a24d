package io.chatservice.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule, checked where every module's classes are on the class path. ArchUnit's
 * {@code failOnEmptyShould} stays on, so a rule whose package matched nothing fails instead of passing.
 */
class HexagonalArchitectureTest {

    private static final HexagonRules RULES = new HexagonRules("io.chatservice");
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Test-jars (the in-memory fakes, the test database support) are test code too.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.chatservice");
    }

    @Test
    void importsEveryModuleOfTheHexagon() {
        var packages = production.stream()
                .map(type -> type.getPackageName())
                .collect(Collectors.toSet());
        assertThat(packages).contains(
                "io.chatservice.domain.message",
                "io.chatservice.domain.room",
                "io.chatservice.application.port.in",
                "io.chatservice.application.port.out",
                "io.chatservice.application.service",
                "io.chatservice.adapter.in.web",
                "io.chatservice.adapter.in.ws",
                "io.chatservice.adapter.out.persistence",
                "io.chatservice.adapter.out.redis");
    }

    @Test
    void domainIsFreeOfFrameworks() {
        RULES.domainIsFreeOfFrameworks().check(production);
    }

    @Test
    void applicationIsFreeOfSpring() {
        RULES.applicationIsFreeOfSpring().check(production);
    }

    @Test
    void portsInAndOutAreIndependent() {
        RULES.portsInDoNotUsePortsOut().check(production);
        RULES.portsOutDoNotUsePortsIn().check(production);
    }

    @Test
    void adaptersAreIndependentOfEachOther() {
        RULES.adaptersAreIndependentOfEachOther().check(production);
    }

    @Test
    void layersPointInwards() {
        RULES.layersPointInwards().check(production);
    }

    @Test
    void namingStatesTheRoleOfEachType() {
        RULES.inboundPortsAreUseCases().check(production);
        RULES.useCasesTakeOneCommandOrQuery().check(production);
        RULES.commandsAndQueriesAreRecords().check(production);
        RULES.outboundPortsAreNamedPort().check(production);
    }
}
