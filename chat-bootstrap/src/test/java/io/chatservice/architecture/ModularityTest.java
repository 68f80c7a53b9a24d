package io.chatservice.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatservice.ChatApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
    private static final Path DOCS = Path.of("..", "docs", "modulith");

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
    void writesModuleDocumentation() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCS.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        try (Stream<Path> diagrams = Files.list(DOCS)) {
            for (Path diagram : diagrams.filter(path -> path.toString().endsWith(".puml")).toList()) {
                sortRelations(diagram);
            }
        }
    }

    /**
     * The Documenter emits relations in hash order, which changes between runs; sorted, the committed diagrams
     * change only when the architecture does.
     */
    private static void sortRelations(Path diagram) throws IOException {
        List<String> lines = Files.readAllLines(diagram);
        List<String> stable = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("Rel(")) {
                relations.add(line);
                continue;
            }
            relations.sort(null);
            stable.addAll(relations);
            relations.clear();
            stable.add(line);
        }
        relations.sort(null);
        stable.addAll(relations);
        Files.write(diagram, stable);
    }
}
