package io.contactsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceHttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpConversation;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-salesforce's HTTP client, reading along the token endpoint's answers. The component's session
 * parses the login answer into a LoginToken that has no refresh_token field, so a refresh token the
 * org rotated to is dropped and the next login presents the old, now refused one. Every request of
 * the component is made by {@link #newRequest} (the first login's {@code POST}) or
 * {@link #newHttpRequest} (the re-login after a 401): the answers of {@code POST …/services/oauth2/token}
 * are read here and a {@code refresh_token} in them is handed on.
 */
class TokenWatchingHttpClient extends SalesforceHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(TokenWatchingHttpClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String WATCHED = TokenWatchingHttpClient.class.getName();

    private final Consumer<String> rotated;

    TokenWatchingHttpClient(CamelContext context, ExecutorService workers, SslContextFactory.Client ssl, Consumer<String> rotated) {
        super(context, workers, ssl);
        this.rotated = rotated;
    }

    /** The first login: {@code POST(loginUrl)} comes here. */
    @Override
    public Request newRequest(URI uri) {
        return watched(super.newRequest(uri), uri);
    }

    /** The re-login after a 401 (SalesforceSecurityHandler) asks for its request here. */
    @Override
    public HttpRequest newHttpRequest(HttpConversation conversation, URI uri) {
        HttpRequest request = super.newHttpRequest(conversation, uri);
        watched(request, uri);
        return request;
    }

    private Request watched(Request request, URI uri) {
        if (uri.getPath() == null || !uri.getPath().endsWith("/services/oauth2/token")
                || request.getAttributes().containsKey(WATCHED)) {
            return request;
        }
        request.attribute(WATCHED, Boolean.TRUE);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        request.onResponseContent((response, content) -> {
            ByteBuffer copy = content.slice();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            synchronized (body) {
                body.writeBytes(bytes);
            }
        });
        request.onResponseSuccess(response -> {
            if (response.getStatus() == 200) {
                synchronized (body) {
                    refreshToken(body.toByteArray());
                }
            }
        });
        return request;
    }

    private void refreshToken(byte[] answer) {
        try {
            JsonNode token = JSON.readTree(answer).get("refresh_token");
            if (token != null && token.isTextual() && !token.asText().isBlank()) {
                rotated.accept(token.asText());
            }
        } catch (IOException | RuntimeException e) {
            // never the answer itself in the log: it holds the tokens
            LOG.warn("Salesforce login answer not read for a rotated refresh token: {}", e.getClass().getSimpleName());
        }
    }
}
