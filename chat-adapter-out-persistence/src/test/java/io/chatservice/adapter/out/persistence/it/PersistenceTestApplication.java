package io.chatservice.adapter.out.persistence.it;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

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
