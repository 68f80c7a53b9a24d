package io.chatservice;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.NameMatchMethodPointcut;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.stereotype.Component;

/**
 * Leaves out Spring Modulith's {@code PROCESSING} mark: a publication goes from {@code PUBLISHED} (or
 * {@code RESUBMITTED}) straight to {@code COMPLETED} or {@code FAILED}.
 *
 * <p>Modulith 2.1 marks each publication {@code PROCESSING} right before its listener runs, through
 * {@link EventPublicationRegistry#markProcessing}, a {@code REQUIRES_NEW} transaction of its own: one more commit
 * per group commit (a third of the outbox's commits at 2,000 sends/s, pg_stat_statements), and a pooled
 * connection, a database round trip and a WAL flush between the commit of a message and its PUBLISH to Redis.
 * Nothing here reads the mark: stale publications are found by their age ({@link EventPublicationMaintenance}),
 * the claim of a resubmission turns a left-over {@code RESUBMITTED} into {@code FAILED} itself, and Modulith's
 * own staleness check, the one reader of {@code PROCESSING}, is off.
 *
 * <p>The registry is a Spring proxy (its methods are transactional): an advisor put in front of every other one
 * answers {@code markProcessing} before a transaction begins. Every other call goes through unchanged.
 */
@Component
class SkipProcessingMark implements BeanPostProcessor {

    private static final Advisor ADVISOR = new DefaultPointcutAdvisor(
            markProcessing(), (MethodInterceptor) invocation -> null);

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        // Runs after the auto-proxy creator (which orders itself first): the registry is already its proxy.
        if (bean instanceof EventPublicationRegistry) {
            if (!(bean instanceof Advised advised) || advised.isFrozen()) {
                throw new BeanInitializationException("the event publication registry '" + beanName
                        + "' is not an open Spring proxy, so its PROCESSING mark cannot be skipped;"
                        + " was " + bean.getClass().getName());
            }
            advised.addAdvisor(0, ADVISOR);
        }
        return bean;
    }

    private static NameMatchMethodPointcut markProcessing() {
        NameMatchMethodPointcut pointcut = new NameMatchMethodPointcut();
        pointcut.setMappedName("markProcessing");
        return pointcut;
    }
}
