package io.chatservice;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.NameMatchMethodPointcut;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Commits Spring Modulith's completion mark of a publication without waiting for PostgreSQL to flush it to disk
 * ({@code synchronous_commit = off} for that transaction only).
 *
 * <p>Every group commit of sends is followed by the completion mark of its publication, in a transaction of its
 * own ({@link EventPublicationRegistry#markCompleted}, {@code REQUIRES_NEW}): half of the service's commits, and
 * each one waited for a WAL flush like a message's commit does. The mark needs no durability of its own: should
 * PostgreSQL crash before the WAL writer flushes it (within a fraction of a second), the publication reads
 * incomplete again and is resubmitted (EventPublicationMaintenance), and a broadcast sent twice is dropped by
 * receivers by its seq (ADR 0007), exactly as after a crash between a broadcast and its mark. Messages, their
 * room counters and their publications still commit synchronously: a send is acknowledged only once they are on
 * disk.
 *
 * <p>The setting is {@code SET LOCAL}: it ends with the mark's transaction and never reaches the pooled connection's
 * next transaction. The advisor goes last on the registry's Spring proxy, so it runs inside the transaction its
 * transaction interceptor began; a completion mark made without one (not the case in Modulith 2.1) is left as is.
 */
@Component
class CompletionMarkWithoutFlushWait implements BeanPostProcessor {

    static final String ASYNCHRONOUS_COMMIT = "set local synchronous_commit to off";

    private final ObjectProvider<JdbcOperations> jdbc;

    /** The JDBC template is looked up at the first mark: a post-processor must not initialise it this early. */
    CompletionMarkWithoutFlushWait(ObjectProvider<JdbcOperations> jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        // Runs after the auto-proxy creator (which orders itself first): the registry is already its proxy.
        if (bean instanceof EventPublicationRegistry) {
            if (!(bean instanceof Advised advised) || advised.isFrozen()) {
                throw new BeanInitializationException("the event publication registry '" + beanName
                        + "' is not an open Spring proxy, so its completion marks cannot skip the WAL flush wait;"
                        + " was " + bean.getClass().getName());
            }
            advised.addAdvisor(advisor());
        }
        return bean;
    }

    Advisor advisor() {
        NameMatchMethodPointcut markCompleted = new NameMatchMethodPointcut();
        markCompleted.setMappedName("markCompleted");
        return new DefaultPointcutAdvisor(markCompleted, (MethodInterceptor) invocation -> {
            if (TransactionSynchronizationManager.isActualTransactionActive()) {
                jdbc.getObject().execute(ASYNCHRONOUS_COMMIT);
            }
            return invocation.proceed();
        });
    }
}
