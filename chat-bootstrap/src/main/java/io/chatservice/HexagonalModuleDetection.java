package io.chatservice;

import java.util.List;
import java.util.stream.Stream;
import org.springframework.modulith.core.ApplicationModuleDetectionStrategy;
import org.springframework.modulith.core.ApplicationModuleInformation;
import org.springframework.modulith.core.JavaPackage;
import org.springframework.modulith.core.NamedInterfaces;

/**
 * Tells Spring Modulith what the modules of this hexagon are. The default (direct sub-packages) would lump all
 * adapters into one {@code adapter} module and treat the ports as internals of {@code application}. Here each
 * adapter is a module of its own, and the packages other modules may use are named interfaces: the domain's
 * packages, and the application's {@code port.in} and {@code port.out} ({@code service} only for the wiring).
 *
 * <p>Registered with {@code spring.modulith.detection-strategy} in {@code application.yml}.
 */
public class HexagonalModuleDetection implements ApplicationModuleDetectionStrategy {

    static final List<String> MODULES = List.of(
            "domain",
            "application",
            "adapter.in.web",
            "adapter.in.ws",
            "adapter.out.persistence",
            "adapter.out.redis");

    @Override
    public Stream<JavaPackage> getModuleBasePackages(JavaPackage rootPackage) {
        return rootPackage.getSubPackagesMatching((candidate, trailingName) -> MODULES.contains(trailingName));
    }

    @Override
    public NamedInterfaces detectNamedInterfaces(JavaPackage basePackage, ApplicationModuleInformation information) {
        if (basePackage.getName().endsWith(".domain")) {
            return NamedInterfaces.builder(basePackage).matching("shared", "message", "room").build();
        }
        if (basePackage.getName().endsWith(".application")) {
            return NamedInterfaces.builder(basePackage).recursive().matching("port.in", "port.out", "service").build();
        }
        return NamedInterfaces.of(basePackage, information);
    }
}
