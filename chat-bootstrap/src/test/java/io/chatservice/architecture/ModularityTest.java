package io.chatservice.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.ChatApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Spring Modulith's view of the same architecture. {@code verify()} passes vacuously when it finds no modules,
 * so the exact set of modules is asserted first.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(ChatApplication.class);

    @Test
    void detectsExactlyTheModulesOfTheHexagon() {
        assertThat(MODULES.stream().map(module -> module.getIdentifier().toString()))
                .containsExactlyInAnyOrder(
                        "domain",
                        "application",
                        "adapter.in.web",
                        "adapter.in.ws",
                        "adapter.out.persistence",
                        "adapter.out.redis");
    }

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void applicationExposesItsPortsAsNamedInterfaces() {
        ApplicationModule application = MODULES.getModuleByName("application").orElseThrow();
        assertThat(application.getNamedInterfaces().stream().map(named -> named.getName()))
                .contains("port.in", "port.out");
    }

    /** Regenerates the component diagrams committed under docs/modulith. */
    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("../docs/modulith"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
