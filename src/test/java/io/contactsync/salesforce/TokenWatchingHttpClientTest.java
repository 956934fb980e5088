package io.contactsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceLoginConfig;
import org.apache.camel.component.salesforce.internal.SalesforceSession;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;

/** camel-salesforce's session logs in through the client; a refresh token in the answer is handed on, the login still works. */
class TokenWatchingHttpClientTest {

    @Test
    void aRefreshTokenInTheLoginAnswerIsHandedOn() throws Exception {
        HttpServer org = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        String base = "http://localhost:" + org.getAddress().getPort();
        org.createContext("/services/oauth2/token", exchange -> {
            byte[] body = ("{\"access_token\":\"00D!abc\",\"refresh_token\":\"5Aep-next\",\"instance_url\":\"" + base
                    + "\",\"id\":\"" + base + "/id/00D000000000001AAA/005000000000001AAA\",\"token_type\":\"Bearer\","
                    + "\"issued_at\":\"1\",\"signature\":\"s\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        org.start();
        List<String> seen = new CopyOnWriteArrayList<>();
        DefaultCamelContext context = new DefaultCamelContext();
        TokenWatchingHttpClient client = new TokenWatchingHttpClient(context, Executors.newCachedThreadPool(),
                new SslContextFactory.Client(), seen::add);
        SalesforceLoginConfig config = new SalesforceLoginConfig();
        config.setLoginUrl(base);
        config.setClientId("c");
        config.setClientSecret("s");
        config.setRefreshToken("5Aep-first");
        config.setType(AuthenticationType.REFRESH_TOKEN);
        SalesforceSession session = new SalesforceSession(context, client, 10_000, config);
        client.setSession(session);
        client.start();
        try {
            assertThat(session.login(null)).isEqualTo("00D!abc");
            assertThat(seen).containsExactly("5Aep-next");
        } finally {
            client.stop();
            org.stop(0);
        }
    }
}
