package io.chatservice.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canaries: the same rules as {@link HexagonalArchitectureTest}, run against a fixture in
 * {@code archcanary} that breaks each of them on purpose. The fixture lives outside {@code io.chatservice} so
 * that no Spring test context scans its deliberately misplaced stereotypes. If a rule stops reporting its
 * violation here, it has become vacuous and would pass anything.
 */
class ArchitectureRulesCanaryTest {

    private static final HexagonRules RULES = new HexagonRules("archcanary");
    private static JavaClasses fixture;

    @BeforeAll
    static void importFixture() {
        fixture = new ClassFileImporter().importPackages("archcanary");
    }

    @Test
    void springInTheDomainIsCaught() {
        assertViolated(RULES.domainIsFreeOfFrameworks(), "LeakyDomainObject");
    }

    @Test
    void springInTheApplicationIsCaught() {
        assertViolated(RULES.applicationIsFreeOfSpring(), "SpringAwareService");
    }

    @Test
    void inboundPortUsingOutboundPortIsCaught() {
        assertViolated(RULES.portsInDoNotUsePortsOut(), "LeakyUseCase");
    }

    @Test
    void outboundPortUsingInboundPortIsCaught() {
        assertViolated(RULES.portsOutDoNotUsePortsIn(), "LeakyRepositoryPort");
    }

    @Test
    void adapterCallingAnotherAdapterIsCaught() {
        assertViolated(RULES.adaptersAreIndependentOfEachOther(), "CanaryController");
        assertViolated(RULES.layersPointInwards(), "CanaryController");
    }

    @Test
    void badNamesAreCaught() {
        assertViolated(RULES.inboundPortsAreUseCases(), "DoThing");
        assertViolated(RULES.useCasesTakeOneCommandOrQuery(), "LeakyUseCase");
        assertViolated(RULES.commandsAndQueriesAreRecords(), "ClassyCommand");
        assertViolated(RULES.outboundPortsAreNamedPort(), "MessageRepository");
    }

    private static void assertViolated(ArchRule rule, String offender) {
        var result = rule.evaluate(fixture);
        assertThat(result.hasViolation()).as("rule must fail on the fixture: %s", rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(line -> assertThat(line).contains(offender));
    }
}
