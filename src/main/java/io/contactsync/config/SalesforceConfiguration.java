package io.contactsync.config;

import io.contactsync.config.StartFailureAnalyzers.PortTakenException;
import io.contactsync.salesforce.OrgLogin;
import io.contactsync.salesforce.WatchingSalesforceComponent;
import io.contactsync.simulator.SalesforceSimulator;
import io.contactsync.simulator.SimulatorSettings;
import java.net.BindException;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The camel-salesforce component, pointed at the org given by {@code contactsync.salesforce.*}
 * ({@code mode: org}), or at the built-in Salesforce simulator ({@code mode: simulator}, the default of a
 * run from the project directory), reached over HTTP like any org.
 */
@Configuration(proxyBeanMethods = false)
public class SalesforceConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceConfiguration.class);

    @Bean
    @ConfigurationProperties("contactsync.simulator")
    SimulatorSettings simulatorSettings() {
        return new SimulatorSettings();
    }

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "contactsync.salesforce.mode", havingValue = "simulator", matchIfMissing = true)
    SalesforceSimulator salesforceSimulator(SimulatorSettings settings) {
        SalesforceSimulator simulator = new SalesforceSimulator(settings);
        try {
            simulator.start();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof BindException) {
                throw new PortTakenException(settings.getPort(), "contactsync.simulator.port", e);
            }
            throw e;
        }
        return simulator;
    }

    @Bean("salesforce")
    SalesforceComponent salesforce(ContactSyncProperties properties, ObjectProvider<SalesforceSimulator> simulator,
                                   SimulatorSettings simulatorSettings, OrgLogin orgLogin) {
        ContactSyncProperties.Salesforce sf = properties.salesforce();
        SalesforceSimulator sim = simulator.getIfAvailable();
        SalesforceComponent component = sim != null ? new SalesforceComponent() : new WatchingSalesforceComponent(orgLogin);
        if (sim != null) {
            component.setLoginUrl(sim.loginUrl());
            component.setClientId("contact-sync");
            component.setClientSecret("simulator");
            component.setUserName(simulatorSettings.getUsername());
            component.setPassword(simulatorSettings.getPassword());
            component.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            LOG.warn("Salesforce: SIMULATOR MODE. Contacts go to the built-in Salesforce simulator at {}, not to a real "
                    + "org (contactsync.salesforce.mode=simulator; set CONTACTSYNC_SALESFORCE_MODE=org and the org's "
                    + "credentials for a real one)", sim.loginUrl());
        } else {
            // the environment's credentials, else the connection an admin made from the page (OrgLogin)
            component.setLoginConfig(orgLogin.config());
            component.setAuthenticationType(component.getLoginConfig().getType());
            // Never log the login config: its toString prints the refresh token.
            LOG.info("Salesforce: org at {} (client id set, flow {}, credentials from {})", component.getLoginConfig().getLoginUrl(),
                    component.getAuthenticationType(), orgLogin.source() == OrgLogin.Source.STORED ? "the stored connection"
                            : orgLogin.source() == OrgLogin.Source.ENV ? "the environment" : "nowhere yet: connect from the page");
        }
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion(sf.apiVersion());
        component.setConfig(config);
        // Salesforce takes a request line plus headers of up to 16 KiB (the SOQL IN lists are split to
        // fit); Jetty's client refuses more than 8 KiB unless told, failing every query beyond that.
        component.setHttpClientProperties(new HashMap<>(Map.of("maxRequestHeadersSize", sf.maxRequestBytes())));
        component.setLazyLogin(true);
        // no generated sObject classes: every sObject call of the routes asks for the raw JSON (rawPayload=true)
        component.setPackages("io.contactsync.salesforce");
        return component;
    }
}
