package io.contactsync.config;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.spi.ComponentCustomizer;
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

    /** Collects the answers of split queries into one list. */
    @Bean
    AggregationStrategy groupedBodies() {
        return new GroupedBodyAggregationStrategy();
    }
}
