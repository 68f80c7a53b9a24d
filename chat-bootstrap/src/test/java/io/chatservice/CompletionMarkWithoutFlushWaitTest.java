package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class CompletionMarkWithoutFlushWaitTest {

    private final EventPublicationRegistry modulith = mock(EventPublicationRegistry.class);
    private final JdbcOperations jdbc = mock(JdbcOperations.class);
    /** What happened, in order: transactions begun and ended, statements run, registry calls. */
    private final List<String> steps = new ArrayList<>();
    private final PublicationTargetIdentifier relay = PublicationTargetIdentifier.of("relay");

    CompletionMarkWithoutFlushWaitTest() {
        doAnswer(invocation -> steps.add(invocation.getArgument(0))).when(jdbc).execute(anyString());
        doAnswer(invocation -> steps.add("registry markCompleted")).when(modulith).markCompleted("event", relay);
        doAnswer(invocation -> steps.add("registry markFailed")).when(modulith).markFailed("event", relay);
    }

    @Test
    void aCompletionMarkSetsItsTransactionToCommitWithoutWaitingBeforeTheRegistryWrites() {
        EventPublicationRegistry registry = postProcessed(transactionalProxyOf(modulith));

        registry.markCompleted("event", relay);

        assertThat(steps).containsExactly("begin markCompleted", CompletionMarkWithoutFlushWait.ASYNCHRONOUS_COMMIT,
                "registry markCompleted", "end markCompleted");
    }

    @Test
    void otherCallsCommitAsBefore() {
        EventPublicationRegistry registry = postProcessed(transactionalProxyOf(modulith));

        registry.markFailed("event", relay);

        assertThat(steps).containsExactly("begin markFailed", "registry markFailed", "end markFailed");
        verifyNoInteractions(jdbc);
    }

    @Test
    void aCompletionMarkOutsideATransactionIsLeftAsItIs() {
        ProxyFactory factory = new ProxyFactory(modulith);
        factory.addInterface(EventPublicationRegistry.class);
        EventPublicationRegistry registry = postProcessed((EventPublicationRegistry) factory.getProxy());

        registry.markCompleted("event", relay);

        verify(modulith).markCompleted("event", relay);
        verifyNoInteractions(jdbc);
    }

    @Test
    void aRegistryThatIsNotASpringProxyStopsTheStart() {
        assertThatThrownBy(() -> new CompletionMarkWithoutFlushWait(provider())
                        .postProcessAfterInitialization(modulith, "registry"))
                .isInstanceOf(BeanInitializationException.class)
                .hasMessageContaining("cannot skip the WAL flush wait");
    }

    /** Stands in for the registry proxy's transaction interceptor: the transaction is active while it proceeds. */
    private EventPublicationRegistry transactionalProxyOf(EventPublicationRegistry target) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.addInterface(EventPublicationRegistry.class);
        factory.addAdvice((MethodInterceptor) invocation -> {
            String method = invocation.getMethod().getName();
            steps.add("begin " + method);
            TransactionSynchronizationManager.setActualTransactionActive(true);
            try {
                return invocation.proceed();
            } finally {
                TransactionSynchronizationManager.setActualTransactionActive(false);
                steps.add("end " + method);
            }
        });
        return (EventPublicationRegistry) factory.getProxy();
    }

    private EventPublicationRegistry postProcessed(EventPublicationRegistry registry) {
        return (EventPublicationRegistry) new CompletionMarkWithoutFlushWait(provider())
                .postProcessAfterInitialization(registry, "registry");
    }

    @SuppressWarnings("unchecked")
    private ObjectProvider<JdbcOperations> provider() {
        ObjectProvider<JdbcOperations> provider = mock(ObjectProvider.class);
        when(provider.getObject()).thenReturn(jdbc);
        return provider;
    }
}
