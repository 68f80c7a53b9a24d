package io.chatservice;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.stereotype.Component;

/**
 * Leaves out Spring Modulith's {@code PROCESSING} mark: a publication goes from {@code PUBLISHED} (or
 * {@code RESUBMITTED}) straight to {@code COMPLETED} or {@code FAILED}.
 *
 * <p>Modulith 2.1 marks each publication {@code PROCESSING} right before its listener runs, in a transaction of
 * its own: one more commit per group commit (a third of the outbox's commits at 2,000 sends/s, pg_stat_statements),
 * and a database round trip and WAL flush between the commit of a message and its PUBLISH to Redis. Nothing here
 * reads the mark: stale publications are found by their age ({@link EventPublicationMaintenance}), the claim of a
 * resubmission turns a left-over {@code RESUBMITTED} into {@code FAILED} itself, and Modulith's own staleness check,
 * the one reader of {@code PROCESSING}, is off. The repository's interface has the mark as an optional no-op.
 *
 * <p>Every other call goes to Modulith's repository unchanged. A dynamic proxy rather than a delegating class, so
 * that a method a later Modulith version adds (or a default method the repository overrides) is not silently
 * answered by the interface's default.
 */
@Component
class SkipProcessingMark implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        // Runs after the auto-proxy creator (which orders itself first): the repository is already transactional.
        if (bean instanceof EventPublicationRepository repository) {
            return withoutProcessingMark(repository);
        }
        return bean;
    }

    static EventPublicationRepository withoutProcessingMark(EventPublicationRepository repository) {
        return (EventPublicationRepository) Proxy.newProxyInstance(
                EventPublicationRepository.class.getClassLoader(),
                new Class<?>[] {EventPublicationRepository.class},
                (proxy, method, arguments) -> isProcessingMark(method) ? null : invoke(repository, method, arguments));
    }

    private static boolean isProcessingMark(Method method) {
        return method.getName().equals("markProcessing") && method.getReturnType() == void.class;
    }

    private static Object invoke(EventPublicationRepository repository, Method method, Object[] arguments)
            throws Throwable {
        try {
            return method.invoke(repository, arguments);
        } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
        }
    }
}
