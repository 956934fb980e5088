package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /services/oauth2/token} and {@code /revoke}: the password, authorization_code (PKCE S256),
 * refresh_token, client_credentials and JWT bearer grants. Every active User logs in with the password
 * grant and the simulator's password; errors are HTTP 400 with exactly {@code error} and
 * {@code error_description}. The configured refresh token stands for the integration user and never
 * rotates; the ones issued for codes rotate on each use when {@code refreshTokenRotation} is on.
 */
final class OAuthHandler {

    static final String ORG_ID = SalesforceIds.id("00D", 4_242);

    private final SimulatorSettings settings;
    private final OrgStore store;
    private final Sessions sessions;
    private final OAuthGrants grants;
    private final Supplier<String> instanceUrl;

    OAuthHandler(SimulatorSettings settings, OrgStore store, Sessions sessions, OAuthGrants grants, Supplier<String> instanceUrl) {
        this.settings = settings;
        this.store = store;
        this.sessions = sessions;
        this.grants = grants;
        this.instanceUrl = instanceUrl;
    }

    SimResponse token(Call call) {
        SimRequest request = call.request();
        if (!"POST".equals(request.method())) {
            return error("invalid_request", "must use HTTP POST");
        }
        Map<String, String> form = HttpIo.form(request);
        String grant = form.getOrDefault("grant_type", "");
        if (blank(form.get("client_id")) && !grant.contains("jwt-bearer")) {
            return error("invalid_client_id", "client identifier invalid");
        }
        String userId;
        String refreshToken = null;
        switch (grant) {
            case "password" -> {
                if (blank(form.get("client_secret"))) {
                    return error("invalid_client", "invalid client credentials");
                }
                userId = settings.getPassword().equals(form.get("password")) ? activeUser(form.get("username")) : null;
                if (userId == null || settings.isLoginBlocked()) {
                    return error("invalid_grant", "authentication failure");
                }
            }
            case "authorization_code" -> {
                OAuthGrants.Code code = grants.redeem(form.get("code"));
                if (code == null || settings.isLoginBlocked() || !code.clientId().equals(form.get("client_id"))) {
                    return error("invalid_grant", "invalid authorization code");
                }
                if (!code.redirectUri().equals(form.get("redirect_uri"))) {
                    return error("invalid_grant", "redirect_uri must match configuration");
                }
                if (!OAuthGrants.verifies(code.challenge(), form.get("code_verifier"))) {
                    return error("invalid_grant", "invalid code verifier");
                }
                userId = code.userId();
                refreshToken = grants.issueRefreshToken(userId);
            }
            case "refresh_token" -> {
                String presented = form.get("refresh_token");
                if (settings.isLoginBlocked()) {
                    return error("invalid_grant", "expired access/refresh token");
                }
                if (settings.getRefreshToken().equals(presented)) {
                    userId = integrationUserId();
                } else {
                    userId = grants.refreshTokenUser(presented);
                    if (userId == null) {
                        return error("invalid_grant", "expired access/refresh token");
                    }
                    if (settings.isRefreshTokenRotation()) {
                        refreshToken = grants.rotate(presented);
                        if (refreshToken == null) {
                            // used by a concurrent refresh a moment ago: Salesforce refuses the old token
                            return error("invalid_grant", "expired access/refresh token");
                        }
                    }
                }
            }
            case "client_credentials" -> {
                if (blank(form.get("client_secret"))) {
                    return error("invalid_client", "invalid client credentials");
                }
                if (settings.isLoginBlocked()) {
                    return error("invalid_grant", "no client credentials user enabled");
                }
                userId = integrationUserId();
            }
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> {
                userId = jwtUser(form.get("assertion"));
                if (userId == null || settings.isLoginBlocked()) {
                    return error("invalid_grant", "user hasn't approved this consumer");
                }
            }
            default -> {
                return error("unsupported_grant_type", "grant type not supported");
            }
        }
        String token = sessions.issue(ORG_ID, userId, Instant.now().plus(settings.getTokenLifetime()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        if (refreshToken != null) {
            answer.put("refresh_token", refreshToken);
        }
        answer.put("signature", Base64.getEncoder().encodeToString(sessions.randomBytes(32)));
        answer.put("scope", "refresh_token api");
        answer.put("instance_url", instanceUrl.get());
        answer.put("id", instanceUrl.get() + "/id/" + ORG_ID + "/" + userId);
        answer.put("token_type", "Bearer");
        answer.put("issued_at", String.valueOf(System.currentTimeMillis()));
        return SimResponse.json(200, answer);
    }

    /** An access or a refresh token, in the form body (POST) or the query (GET, as camel-salesforce's logout sends it). */
    SimResponse revoke(Call call) {
        String token = HttpIo.form(call.request()).getOrDefault("token", call.request().query().getOrDefault("token", ""));
        if (!grants.revokeRefreshToken(token)) {
            sessions.revoke(token);
        }
        return SimResponse.json(200, Map.of());
    }

    String integrationUserId() {
        return store.lookup("User", "Username", settings.getUsername()).stream().findFirst().orElse(null);
    }

    /** The id of the active User with this login name (the integration user's name as configured), or null. */
    String activeUser(String username) {
        if (username == null) {
            return null;
        }
        if (settings.getUsername().equalsIgnoreCase(username)) {
            return integrationUserId();
        }
        return store.lookup("User", "Username", username).stream()
                .filter(id -> Boolean.TRUE.equals(store.get(id).get("IsActive"))).findFirst().orElse(null);
    }

    /** The user named by the JWT's subject when it is an active user and the token has not expired. */
    @SuppressWarnings("unchecked")
    private String jwtUser(String assertion) {
        if (assertion == null || assertion.split("\\.").length < 2) {
            return null;
        }
        try {
            Map<String, Object> claims = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]), Map.class);
            Object exp = claims.get("exp");
            if (exp instanceof Number n && Instant.ofEpochSecond(n.longValue()).isBefore(Instant.now())) {
                return null;
            }
            String subject = String.valueOf(claims.get("sub"));
            return store.lookup("User", "Username", subject).stream()
                    .filter(id -> !Boolean.FALSE.equals(store.get(id).get("IsActive"))).findFirst().orElse(null);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static SimResponse error(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return SimResponse.json(400, body);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
