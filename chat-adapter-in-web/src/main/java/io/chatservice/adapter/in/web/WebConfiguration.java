package io.chatservice.adapter.in.web;

import java.util.List;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC wiring of the REST adapter: the {@code Caller} parameter, the request body limit, and problem
 * details for errors Tomcat answers by itself.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final String MAX_BODY_PROPERTY = "chat.web.max-request-body-size";

    /** Runs before Spring Security's filter chain (order -100): oversized bodies are refused unread. */
    static final int BODY_LIMIT_FILTER_ORDER = -110;

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    /** Requests Tomcat refuses before the application sees them get problem details too, not an HTML page. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemDetailsForContainerErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            @Value("${" + MAX_BODY_PROPERTY + ":64KB}") DataSize maxBodySize) {
        if (maxBodySize.toBytes() < 1) {
            throw new IllegalStateException(MAX_BODY_PROPERTY + " must be positive, was " + maxBodySize);
        }
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(maxBodySize.toBytes()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(BODY_LIMIT_FILTER_ORDER);
        return registration;
    }
}
