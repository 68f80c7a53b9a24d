package io.chatservice.adapter.out.persistence.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one Spring context of this module's integration tests, around {@link PersistenceTestApplication} and
 * {@link io.chatservice.adapter.out.persistence.testing.TestDatabase}. An annotation rather than a base class
 * because the port contract tests already extend their contract; the database is registered by a bean of the
 * application, not by a {@code @DynamicPropertySource} method, whose declaring class would be part of the
 * context's cache key and give every hierarchy a context (and a connection pool) of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        classes = PersistenceTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.jpa.hibernate.ddl-auto=validate",
            "spring.jpa.open-in-view=false",
            "spring.main.banner-mode=off"
        })
@interface PersistenceTestContext {
}
