/**
 * PostgreSQL behind the out ports: Flyway migrations ({@code db/migration}), JPA entities, Spring Data
 * repositories and MapStruct mappers, and one adapter per group of ports.
 *
 * <p>Nothing here is public: bootstrap component-scans the base package, which finds the package-private
 * {@code @Component} adapters, and Spring Boot's JPA auto-configuration scans entities and repositories from
 * the {@code @SpringBootApplication} package down, which covers this one. Bootstrap only ever sees the ports.
 *
 * <p>Transactions belong to the caller (the application's transaction port, a {@code JpaTransactionManager}).
 * JPA and {@code JdbcClient} run on that transaction's one connection; every write method flushes before it
 * returns, so the plain SQL reads on the hot path always see what the same transaction wrote through JPA.
 */
@ApplicationModule(allowedDependencies = {"application :: port.out", "domain :: message", "domain :: room",
        "domain :: shared"})
@NullMarked
package io.chatservice.adapter.out.persistence;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
