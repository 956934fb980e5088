package io.contactsync.config;

import io.contactsync.web.ResponseHeaders;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared pieces the routes refer to by name. */
@Configuration(proxyBeanMethods = false)
public class CamelConfiguration {

    /** SMTP credentials only when set: an empty user name would still make camel-mail try to log in. */
    @Bean
    ComponentCustomizer smtpCredentials(ContactSyncProperties properties) {
        return ComponentCustomizer.forType(MailComponent.class, component -> {
            ContactSyncProperties.Mail mail = properties.mail();
            if (mail.username() != null && !mail.username().isBlank()) {
                component.getConfiguration().setUsername(mail.username());
                component.getConfiguration().setPassword(mail.password());
            }
        });
    }

    /**
     * Once {@code camel.main.shutdown-timeout} has passed, the chunks still waiting on Salesforce are given
     * up (their contacts are released by the claim release): their thread pools are not waited for
     * another 10 s each, Camel's default.
     */
    @Bean
    CamelContextConfiguration shutdownWithoutWaitingForGivenUpChunks() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getExecutorServiceManager().setShutdownAwaitTermination(1000);
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do once started
            }
        };
    }

    /** REST answers carry only the headers that describe them, never the request's own (see {@link ResponseHeaders}). */
    @Bean
    ComponentCustomizer restResponseHeaders() {
        return ComponentCustomizer.forType(PlatformHttpComponent.class,
                component -> component.setHeaderFilterStrategy(new ResponseHeaders()));
    }

    /** Collects the answers of split queries into one list. */
    @Bean
    AggregationStrategy groupedBodies() {
        return new GroupedBodyAggregationStrategy();
    }
}
