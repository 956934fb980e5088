package io.contactsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.salesforce.ConnectionStore.Attempt;
import io.contactsync.salesforce.ConnectionStore.Connection;
import io.contactsync.simulator.SalesforceSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Connecting the org from the page: the OAuth web-server flow with PKCE. {@code POST /api/salesforce/connect}
 * keeps a state and a code verifier (encrypted) and answers the authorize URL to open; Salesforce
 * sends the browser back to {@code /oauth/salesforce/callback}, which exchanges the code with the
 * verifier and stores the refresh token encrypted. Spring MVC rather than a REST DSL route: the
 * callback is a browser redirect, and camel-salesforce has no operation for the code exchange.
 * No token ever leaves in an answer or reaches the log.
 */
@RestController
public class SalesforceConnectController {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceConnectController.class);
    static final String CALLBACK_PATH = "/oauth/salesforce/callback";

    private final ContactSyncProperties.Salesforce settings;
    private final ObjectProvider<SalesforceSimulator> simulator;
    private final ConnectionStore store;
    private final OrgLogin orgLogin;
    private final String callbackUrl;
    private final SalesforceStatus status;
    private final ObjectProvider<SalesforceComponent> component;
    private final RestClient http = RestClient.create();
    private final SecureRandom random = new SecureRandom();

    public SalesforceConnectController(ContactSyncProperties properties, ObjectProvider<SalesforceSimulator> simulator,
                                       ConnectionStore store, OrgLogin orgLogin,
                                       @Value("${contactsync.salesforce.callback-url:}") String callbackUrl,
                                       SalesforceStatus status, ObjectProvider<SalesforceComponent> component) {
        this.status = status;
        this.component = component;
        this.settings = properties.salesforce();
        this.simulator = simulator;
        this.store = store;
        this.orgLogin = orgLogin;
        this.callbackUrl = callbackUrl;
    }

    public record ConnectRequest(String environment) { }

    @GetMapping(path = "/api/salesforce/connection", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> connection() {
        Map<String, Object> answer = new LinkedHashMap<>();
        SalesforceSimulator sim = simulator.getIfAvailable();
        Optional<Connection> stored = store.find();
        answer.put("mode", sim != null ? "simulator" : "org");
        if (sim == null && orgLogin.envCredentials()) {
            answer.put("connected", true);
            answer.put("source", "env");
            answer.put("loginUrl", settings.loginUrl());
        } else if (stored.isPresent()) {
            Connection c = stored.get();
            answer.put("connected", true);
            answer.put("source", "stored");
            answer.put("username", c.username());
            answer.put("userId", c.userId());
            answer.put("orgId", c.orgId());
            answer.put("instanceUrl", c.instanceUrl());
            answer.put("loginUrl", c.loginUrl());
            answer.put("connectedAt", c.connectedAt().toString());
            answer.put("connectedBy", c.connectedBy());
        } else {
            answer.put("connected", sim != null);
            answer.put("source", sim != null ? "simulator" : "none");
        }
        // the simulator mode always syncs with the simulator; a stored connection serves the org mode
        answer.put("inUse", sim != null ? "simulator".equals(answer.get("source"))
                : !"none".equals(answer.get("source")) && orgLogin.source() != OrgLogin.Source.NONE);
        if (sim != null) {
            answer.put("simulatorUrl", sim.loginUrl());
        }
        // the org refuses the stored refresh token (revoked, expired): only a new connect helps
        String failure = status.loginFailure();
        if (failure != null) {
            answer.put("loginFailure", failure);
        }
        answer.put("needsReconnect", failure != null && sim == null && orgLogin.source() != OrgLogin.Source.ENV);
        return answer;
    }

    /**
     * For any user: where the org's records are shown ({@code <instanceUrl>/<record id>} opens one), from
     * the connection in use, the session of environment credentials, or the simulator; null while unknown.
     */
    @GetMapping(path = "/api/salesforce/instance", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> instance() {
        SalesforceSimulator sim = simulator.getIfAvailable();
        String url = null;
        if (sim != null) {
            url = sim.loginUrl();
        } else if (orgLogin.source() == OrgLogin.Source.STORED) {
            url = store.find().map(Connection::instanceUrl).orElse(null);
        } else if (component.getIfAvailable() != null && component.getIfAvailable().getSession() != null) {
            url = component.getIfAvailable().getSession().getInstanceUrl();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mode", sim != null ? "simulator" : "org");
        answer.put("instanceUrl", url);
        return answer;
    }

    @PostMapping(path = "/api/salesforce/connect", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> connect(@RequestBody(required = false) ConnectRequest request, Principal caller) {
        String loginUrl = loginUrl(request == null ? null : request.environment());
        String verifier = randomToken(48);
        String state = randomToken(24);
        String redirect = redirectUri();
        store.startAttempt(new Attempt(state, verifier, loginUrl, redirect, caller.getName()));
        String authorize = UriComponentsBuilder.fromUriString(loginUrl).path("/services/oauth2/authorize")
                .queryParam("response_type", "code")
                .queryParam("client_id", clientId())
                .queryParam("redirect_uri", redirect)
                .queryParam("state", state)
                .queryParam("code_challenge", challenge(verifier))
                .queryParam("code_challenge_method", "S256")
                .queryParam("prompt", "login consent")
                .encode().build().toUriString();
        return Map.of("authorizeUrl", authorize, "loginUrl", loginUrl, "redirectUri", redirect);
    }

    @GetMapping(CALLBACK_PATH)
    public ResponseEntity<Void> callback(@RequestParam(required = false) String code, @RequestParam(required = false) String state,
                                         @RequestParam(required = false) String error, Principal caller) {
        Optional<Attempt> attempt = store.takeAttempt(state);
        if (attempt.isEmpty()) {
            return back("failed", "unknown-state");
        }
        if (error != null || code == null || code.isBlank()) {
            LOG.warn("Salesforce connect by {} ended at Salesforce: {}", caller.getName(), error == null ? "no code" : error);
            return back("failed", "access-denied".equals(error) || "access_denied".equals(error) ? "denied" : "no-code");
        }
        Attempt a = attempt.get();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("client_id", clientId());
        if (simulator.getIfAvailable() == null && settings.clientSecret() != null && !settings.clientSecret().isBlank()) {
            form.add("client_secret", settings.clientSecret());
        }
        form.add("redirect_uri", a.redirectUri());
        form.add("code_verifier", a.codeVerifier());
        form.add("format", "json");
        JsonNode token;
        try {
            token = http.post().uri(a.loginUrl() + "/services/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.APPLICATION_JSON).body(form).retrieve().body(JsonNode.class);
        } catch (RestClientResponseException e) {
            LOG.warn("Salesforce connect by {}: the token endpoint at {} answered HTTP {}", caller.getName(), a.loginUrl(),
                    e.getStatusCode().value());
            return back("failed", "token-refused");
        } catch (RestClientException e) {
            LOG.warn("Salesforce connect by {}: the token endpoint at {} cannot be reached: {}", caller.getName(), a.loginUrl(),
                    e.getClass().getSimpleName());
            return back("failed", "unreachable");
        }
        if (token == null || !token.hasNonNull("refresh_token") || !token.hasNonNull("id")) {
            // a connected app without the refresh_token scope answers no refresh token
            return back("failed", "no-refresh-token");
        }
        String id = token.get("id").asText();
        String orgId = id.replaceAll(".*/id/([^/]+)/([^/]+)/?$", "$1");
        String userId = id.replaceAll(".*/id/([^/]+)/([^/]+)/?$", "$2");
        Connection connection = new Connection(a.loginUrl(), token.path("instance_url").asText(a.loginUrl()), orgId, userId,
                username(id, token.path("access_token").asText()), token.get("refresh_token").asText(), Instant.now(),
                a.startedBy());
        store.save(connection);
        orgLogin.connected(connection);
        status.connectedAgain();
        LOG.info("Salesforce: {} connected org {} as user {}", a.startedBy(), orgId, connection.username());
        return back("connected", null);
    }

    @DeleteMapping(path = "/api/salesforce/connection", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> disconnect(Principal caller) {
        Optional<Connection> stored = store.find();
        if (stored.isEmpty()) {
            throw new Refusal(404, "no stored Salesforce connection");
        }
        boolean revoked;
        try {
            MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
            form.add("token", stored.get().refreshToken());
            http.post().uri(stored.get().loginUrl() + "/services/oauth2/revoke").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(form).retrieve().toBodilessEntity();
            revoked = true;
        } catch (RestClientException e) {
            // forgotten here all the same; the admin can revoke it in Salesforce (Connected Apps OAuth Usage)
            LOG.warn("Salesforce: revoking the stored refresh token failed ({}); forgetting it anyway", e.getClass().getSimpleName());
            revoked = false;
        }
        store.delete();
        orgLogin.disconnected();
        LOG.info("Salesforce: {} removed the connection to org {}", caller.getName(), stored.get().orgId());
        return Map.of("connected", false, "revoked", revoked);
    }

    /** A request the API refuses: answered as the API's other errors, {"status", "error"}. */
    static final class Refusal extends RuntimeException {
        private final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refused(Refusal e) {
        return ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", e.status, "error", e.getMessage()));
    }

    private String username(String idUrl, String accessToken) {
        try {
            JsonNode identity = http.get().uri(idUrl).header("Authorization", "Bearer " + accessToken)
                    .accept(MediaType.APPLICATION_JSON).retrieve().body(JsonNode.class);
            if (identity == null) {
                return null;
            }
            return identity.hasNonNull("username") ? identity.get("username").asText()
                    : identity.path("preferred_username").asText(null);
        } catch (RestClientException e) {
            return null;
        }
    }

    /** production, sandbox, or an org's My Domain URL (https; http only for a local simulator). */
    private String loginUrl(String environment) {
        SalesforceSimulator sim = simulator.getIfAvailable();
        if (sim != null) {
            return sim.loginUrl();
        }
        String env = environment == null ? "production" : environment.strip();
        switch (env.toLowerCase(Locale.ROOT)) {
            case "production" -> {
                return "https://login.salesforce.com";
            }
            case "sandbox" -> {
                return "https://test.salesforce.com";
            }
            default -> {
                URI uri;
                try {
                    uri = URI.create(env);
                } catch (IllegalArgumentException e) {
                    throw new Refusal(400, "environment must be production, sandbox or a My Domain URL");
                }
                boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
                if (uri.getHost() == null || !("https".equals(uri.getScheme()) || local && "http".equals(uri.getScheme()))) {
                    throw new Refusal(400, "environment must be production, sandbox or a My Domain URL (https://…)");
                }
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            }
        }
    }

    private String clientId() {
        return simulator.getIfAvailable() != null ? "contact-sync" : settings.clientId();
    }

    private String redirectUri() {
        if (callbackUrl != null && !callbackUrl.isBlank()) {
            return callbackUrl;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(CALLBACK_PATH).toUriString();
    }

    private static ResponseEntity<Void> back(String outcome, String reason) {
        String location = "/salesforce.html?salesforce=" + outcome + (reason == null ? "" : "&reason=" + reason);
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(location)).build();
    }

    private String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
