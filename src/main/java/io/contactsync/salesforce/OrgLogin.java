package io.contactsync.salesforce;

import io.contactsync.config.ContactSyncProperties;
import io.contactsync.salesforce.ConnectionStore.Connection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceLoginConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How camel-salesforce logs in to the org ({@code mode: org}): one {@link SalesforceLoginConfig} the
 * component's session keeps and reads on every login, so that a connect, a disconnect and a rotated
 * refresh token take effect with the next login, without a restart. Credentials from the environment
 * win (a refresh token, or a user name and password); else the connection an admin made from the
 * page; else the client credentials flow when a client secret is set; else nothing works until an
 * admin connects.
 */
@Component
public class OrgLogin {

    /** Where the credentials in use come from. */
    public enum Source { ENV, STORED, NONE }

    private static final Logger LOG = LoggerFactory.getLogger(OrgLogin.class);
    /** Refused by the token endpoint (invalid_grant) until an admin connects; the config must name a token to start. */
    static final String NOT_CONNECTED = "not-connected";

    private final ContactSyncProperties.Salesforce settings;
    private final ConnectionStore store;
    private final SalesforceLoginConfig config = new SalesforceLoginConfig();
    private final AtomicBoolean envRotationWarned = new AtomicBoolean();
    private volatile Source source = Source.NONE;
    private volatile boolean configured;

    public OrgLogin(ContactSyncProperties properties, ConnectionStore store) {
        this.settings = properties.salesforce();
        this.store = store;
    }

    /** The config for the component, set from the environment or the stored connection. Never log it: its toString prints the token. */
    public synchronized SalesforceLoginConfig config() {
        config.setClientId(settings.clientId());
        config.setClientSecret(settings.clientSecret());
        config.setLazyLogin(true);
        configured = true;
        if (set(settings.refreshToken())) {
            config.setLoginUrl(settings.loginUrl());
            config.setRefreshToken(settings.refreshToken());
            config.setType(AuthenticationType.REFRESH_TOKEN);
            source = Source.ENV;
        } else if (set(settings.username())) {
            config.setLoginUrl(settings.loginUrl());
            config.setUserName(settings.username());
            config.setPassword(settings.password());
            config.setType(AuthenticationType.USERNAME_PASSWORD);
            source = Source.ENV;
        } else {
            Optional<Connection> stored = store.find();
            if (stored.isPresent()) {
                use(stored.get());
            } else {
                notConnected();
            }
        }
        return config;
    }

    public Source source() {
        return source;
    }

    /** Org mode with no credentials yet: any call to the org would fail until an admin connects. */
    public boolean awaitingConnect() {
        return configured && source == Source.NONE;
    }

    public boolean envCredentials() {
        return source == Source.ENV;
    }

    /** An admin connected: the next login uses the new connection, unless environment credentials are set. */
    public synchronized void connected(Connection connection) {
        if (source != Source.ENV) {
            use(connection);
            LOG.info("Salesforce: using the connection {} made (org {})", connection.connectedBy(), connection.orgId());
        }
    }

    public synchronized void disconnected() {
        if (source == Source.STORED) {
            notConnected();
        }
    }

    /** The token endpoint answered a refresh token: keep it when it replaces the one in use. */
    synchronized void refreshTokenAnswered(String next) {
        String previous = config.getRefreshToken();
        if (config.getType() != AuthenticationType.REFRESH_TOKEN || next.equals(previous)) {
            return;
        }
        config.setRefreshToken(next);
        if (source == Source.STORED) {
            if (store.replaceRefreshToken(previous, next)) {
                LOG.info("Salesforce: the org rotated the refresh token; the new one is stored");
            }
        } else if (envRotationWarned.compareAndSet(false, true)) {
            LOG.warn("Salesforce: the org rotated the refresh token set in SALESFORCE_REFRESH_TOKEN; the new one is used "
                    + "until a restart, after which the old one is refused. Turn rotation off for this connected app, or "
                    + "unset SALESFORCE_REFRESH_TOKEN and connect from the page, which keeps rotated tokens");
        }
    }

    private void use(Connection connection) {
        config.setLoginUrl(connection.loginUrl());
        config.setRefreshToken(connection.refreshToken());
        config.setType(AuthenticationType.REFRESH_TOKEN);
        source = Source.STORED;
    }

    private void notConnected() {
        config.setLoginUrl(settings.loginUrl());
        if (set(settings.clientSecret())) {
            config.setType(AuthenticationType.CLIENT_CREDENTIALS);
            source = Source.ENV;
        } else {
            config.setRefreshToken(NOT_CONNECTED);
            config.setType(AuthenticationType.REFRESH_TOKEN);
            source = Source.NONE;
        }
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
