package io.contactsync.salesforce;

import java.util.concurrent.ExecutorService;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * camel-salesforce for a real org: the component as it is, with an HTTP client that hands a refresh
 * token the org rotated to on to {@link OrgLogin} ({@link TokenWatchingHttpClient}).
 */
public class WatchingSalesforceComponent extends SalesforceComponent {

    private final OrgLogin login;

    public WatchingSalesforceComponent(OrgLogin login) {
        this.login = login;
    }

    @Override
    protected void doStart() throws Exception {
        if (getConfig() != null && getConfig().getHttpClient() == null) {
            // as the component builds its own client, on the same pool sizes and timeouts
            ExecutorService workers = getCamelContext().getExecutorServiceManager()
                    .newThreadPool(this, "SalesforceHttpClient", getWorkerPoolSize(), getWorkerPoolMaxSize());
            TokenWatchingHttpClient client = new TokenWatchingHttpClient(getCamelContext(), workers,
                    new SslContextFactory.Client(), login::refreshTokenAnswered);
            client.setConnectTimeout(getHttpClientConnectionTimeout());
            client.setIdleTimeout(getHttpClientIdleTimeout());
            getConfig().setHttpClient(client);
        }
        super.doStart();
    }
}
