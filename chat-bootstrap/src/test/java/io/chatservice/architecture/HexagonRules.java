package io.chatservice.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The hexagon's rules, parameterised by the root package so that the very same rules run against the real code
 * and against the deliberately broken canary fixture (which proves they can fail).
 */
final class HexagonRules {

    private final String root;

    HexagonRules(String root) {
        this.root = root;
    }

    /** The domain depends on the JDK, itself and nullness annotations: no Spring, JPA, Jackson or MapStruct. */
    ArchRule domainIsFreeOfFrameworks() {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".domain..", "org.jspecify..")
                .because("the domain model must be plain Java that any adapter or language can use");
    }

    /** The application sees the domain and itself; never Spring or any other framework. */
    ArchRule applicationIsFreeOfSpring() {
        return classes().that().resideInAPackage(root + ".application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", root + ".domain..", root + ".application..", "org.jspecify..")
                .because("use cases are wired by the bootstrap module and must not depend on a framework");
    }

    ArchRule portsInDoNotUsePortsOut() {
        return noClasses().that().resideInAPackage(root + ".application.port.in..")
                .should().dependOnClassesThat().resideInAPackage(root + ".application.port.out..")
                .because("what the application offers must not expose what it needs");
    }

    ArchRule portsOutDoNotUsePortsIn() {
        return noClasses().that().resideInAPackage(root + ".application.port.out..")
                .should().dependOnClassesThat().resideInAPackage(root + ".application.port.in..")
                .because("driven adapters must not depend on the driving side's contracts");
    }

    ArchRule adaptersAreIndependentOfEachOther() {
        return slices().matching(root + ".adapter.(*).(*)..")
                .should().notDependOnEachOther()
                .because("adapters talk to each other only through the application's ports");
    }

    /** Layers from the inside out: domain, ports, services, adapters; nothing inner depends on anything outer. */
    ArchRule layersPointInwards() {
        return onionArchitecture()
                .domainModels(root + ".domain..")
                .domainServices(root + ".application.port..")
                .applicationServices(root + ".application.service..")
                .adapter("web", root + ".adapter.in.web..")
                .adapter("ws", root + ".adapter.in.ws..")
                .adapter("persistence", root + ".adapter.out.persistence..")
                .adapter("redis", root + ".adapter.out.redis..")
                // The wiring in the root package (bootstrap) implements ports too; it is an adapter of its own.
                .adapter("bootstrap", root);
    }

    ArchRule inboundPortsAreUseCases() {
        return classes().that().resideInAPackage(root + ".application.port.in..").and().areInterfaces()
                .and().doNotHaveSimpleName("package-info")
                .should().haveSimpleNameEndingWith("UseCase");
    }

    ArchRule useCasesTakeOneCommandOrQuery() {
        return classes().that().resideInAPackage(root + ".application.port.in..").and().areInterfaces()
                .and().doNotHaveSimpleName("package-info")
                .should(takeOneCommandOrQueryPerMethod());
    }

    ArchRule commandsAndQueriesAreRecords() {
        return classes().that().resideInAPackage(root + ".application.port.in..")
                .and(describe("are named *Command or *Query", (JavaClass type) ->
                        type.getSimpleName().endsWith("Command") || type.getSimpleName().endsWith("Query")))
                .should().beRecords();
    }

    ArchRule outboundPortsAreNamedPort() {
        return classes().that().resideInAPackage(root + ".application.port.out..").and().areInterfaces()
                .and().doNotHaveSimpleName("package-info")
                .should().haveSimpleNameEndingWith("Port");
    }

    private static ArchCondition<JavaClass> takeOneCommandOrQueryPerMethod() {
        return new ArchCondition<>("declare methods that each take exactly one *Command or *Query") {
            @Override
            public void check(JavaClass useCase, ConditionEvents events) {
                for (JavaMethod method : useCase.getMethods()) {
                    var parameters = method.getRawParameterTypes();
                    boolean ok = parameters.size() == 1
                            && (parameters.getFirst().getSimpleName().endsWith("Command")
                                    || parameters.getFirst().getSimpleName().endsWith("Query"));
                    events.add(new SimpleConditionEvent(method, ok, method.getFullName()
                            + (ok ? " takes a command or query" : " must take exactly one *Command or *Query")));
                }
            }
        };
    }
}
