package io.chatservice.adapter.out.persistence.it;

import io.chatservice.adapter.out.persistence.testing.TestDatabase;
import io.chatservice.application.port.out.LoadMessagePort;
import io.chatservice.application.port.out.LoadRoomPort;
import io.chatservice.application.port.out.ReadMarkerPort;
import io.chatservice.application.port.out.RoomAccessPort;
import io.chatservice.application.port.out.SaveMessagePort;
import io.chatservice.application.port.out.SaveRoomPort;
import io.chatservice.application.port.out.TransactionPort;
import io.chatservice.application.testing.contract.ChatPorts;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The smallest application around this module. Its auto-configuration package is the base package
 * {@code io.chatservice}, as it is for the real application class, so the entities and repositories are found
 * exactly as they will be there; its component scan stays inside this module.
 *
 * <p>Not shipped in the test-jar: under {@code io.chatservice} it would be picked up by bootstrap's scan.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@AutoConfigurationPackage(basePackages = "io.chatservice")
@ComponentScan(basePackages = "io.chatservice.adapter.out.persistence")
class PersistenceTestApplication {

    /** Registered before any other bean is created, so the data source and Flyway already see it. */
    @Bean
    static DynamicPropertyRegistrar testDatabase() {
        return TestDatabase::registerProperties;
    }

    /** The PostgreSQL adapters, as the port contract tests see them. */
    @Bean
    ChatPorts chatPorts(
            TransactionPort transactions,
            LoadRoomPort loadRoom,
            SaveRoomPort saveRoom,
            RoomAccessPort roomAccess,
            LoadMessagePort loadMessages,
            SaveMessagePort saveMessages,
            ReadMarkerPort readMarkers) {
        return new ChatPorts(transactions, loadRoom, saveRoom, roomAccess, loadMessages, saveMessages, readMarkers);
    }

    @Bean
    static BeanPostProcessor countStatements() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource ? StatementCounter.wrap(dataSource) : bean;
            }
        };
    }
}
