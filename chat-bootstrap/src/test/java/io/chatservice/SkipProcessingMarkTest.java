package io.chatservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.ArrayList;
import java.util.List;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;

class SkipProcessingMarkTest {

    private final EventPublicationRegistry modulith = mock(EventPublicationRegistry.class);
    /** Stands in for the transaction interceptor the real registry's proxy has. */
    private final List<String> transactionsBegun = new ArrayList<>();
    private final PublicationTargetIdentifier relay = PublicationTargetIdentifier.of("relay");

    @Test
    void theProcessingMarkIsAnsweredBeforeAnyOtherAdviceRunsAndNeverReachesTheRegistry() {
        EventPublicationRegistry registry = postProcessed(transactionalProxyOf(modulith));

        registry.markProcessing("event", relay);

        assertThat(transactionsBegun).isEmpty();
        verifyNoInteractions(modulith);
    }

    @Test
    void everyOtherCallGoesThroughTheRegistrysOwnAdviceToTheRegistry() {
        EventPublicationRegistry registry = postProcessed(transactionalProxyOf(modulith));

        registry.markCompleted("event", relay);
        registry.markFailed("event", relay);

        assertThat(transactionsBegun).containsExactly("markCompleted", "markFailed");
        verify(modulith).markCompleted("event", relay);
        verify(modulith).markFailed("event", relay);
    }

    @Test
    void aRegistryThatIsNotASpringProxyStopsTheStartRatherThanBeingMarkedAsBefore() {
        assertThatThrownBy(() -> new SkipProcessingMark().postProcessAfterInitialization(modulith, "registry"))
                .isInstanceOf(BeanInitializationException.class)
                .hasMessageContaining("PROCESSING mark cannot be skipped");
    }

    @Test
    void otherBeansAreLeftAsTheyAre() {
        ProxyFactory other = new ProxyFactory(new ArrayList<String>());
        Object proxy = other.getProxy();

        assertThat(new SkipProcessingMark().postProcessAfterInitialization(proxy, "other")).isSameAs(proxy);
        assertThat(other.getAdvisors()).isEmpty();
    }

    private EventPublicationRegistry transactionalProxyOf(EventPublicationRegistry target) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.addInterface(EventPublicationRegistry.class);
        factory.addAdvice((MethodInterceptor) invocation -> {
            transactionsBegun.add(invocation.getMethod().getName());
            return invocation.proceed();
        });
        return (EventPublicationRegistry) factory.getProxy();
    }

    private static EventPublicationRegistry postProcessed(EventPublicationRegistry registry) {
        return (EventPublicationRegistry) new SkipProcessingMark().postProcessAfterInitialization(registry, "registry");
    }
}
