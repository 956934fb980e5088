package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OAuth web-server flow with PKCE over HTTP: sign-in form, code, token, refresh with rotation, revoke. */
class SimulatorWebServerFlowTest extends InMemoryOrgTest {

    private static final String REDIRECT = "http://localhost:9/oauth/salesforce/callback";
    private static final String VERIFIER = "a-verifier-of-at-least-forty-three-characters-0123456789";

    @AfterEach
    void rotationOff() {
        simulator.settings().setRefreshTokenRotation(false);
    }

    @Test
    void signInGivesACodeThatTheVerifierExchangesForTokens() {
        SfHttp http = new SfHttp(simulator.loginUrl());
        Resp form = http.send(HttpRequest.newBuilder(URI.create(authorizeUrl("st-1"))).GET().build());
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.header("Content-Type")).startsWith("text/html");
        assertThat(form.body()).contains("name=\"username\"", "name=\"password\"", "value=\"st-1\"");

        String code = signIn(http, "alice.seller@example.com", "st-1");
        Resp token = http.token(codeForm(code, VERIFIER));
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        JsonNode json = token.json();
        assertThat(json.get("access_token").asText()).isNotBlank();
        assertThat(json.get("refresh_token").asText()).isNotBlank();
        assertThat(json.get("instance_url").asText()).isEqualTo(simulator.loginUrl());
        assertThat(json.get("id").asText()).matches(".*/id/00D\\w{15}/005\\w{15}");
        assertThat(json.has("issued_at")).isTrue();
        assertThat(json.has("signature")).isTrue();

        http.accessToken = json.get("access_token").asText();
        Resp me = http.get("/services/oauth2/userinfo");
        assertThat(me.body()).contains("alice.seller@example.com");
    }

    @Test
    void denyOnTheApprovePageRedirectsWithAccessDeniedAndTheTicketIsUsedOnce() {
        SfHttp http = new SfHttp(simulator.loginUrl());
        Resp page = http.send(post(simulator.loginUrl() + "/services/oauth2/authorize",
                signInForm("alice.seller@example.com", "simulator", "st-deny")));
        String ticket = ticket(page);
        assertThat(page.header("Location")).as("signing in alone approves nothing").isNull();

        Resp denied = http.send(post(simulator.loginUrl() + "/services/oauth2/authorize", Map.of("ticket", ticket, "approval", "deny")));
        assertThat(denied.status()).isEqualTo(302);
        assertThat(denied.header("Location")).isEqualTo(REDIRECT
                + "?error=access_denied&error_description=end-user+denied+authorization&state=st-deny");

        Resp again = http.send(post(simulator.loginUrl() + "/services/oauth2/authorize", Map.of("ticket", ticket, "approval", "allow")));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.header("Location")).isNull();
        Resp forged = http.send(post(simulator.loginUrl() + "/services/oauth2/authorize", Map.of("ticket", "00ff", "approval", "allow")));
        assertThat(forged.status()).isEqualTo(400);
    }

    @Test
    void wrongPasswordShowsTheFormAgainAndNoCode() {
        SfHttp http = new SfHttp(simulator.loginUrl());
        Resp r = http.send(post(simulator.loginUrl() + "/services/oauth2/authorize",
                signInForm("alice.seller@example.com", "wrong", "st")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Location")).isNull();
        assertThat(r.body()).contains("check your username and password");

        Resp inactive = http.send(post(simulator.loginUrl() + "/services/oauth2/authorize",
                signInForm("ina.former@example.com", "simulator", "st")));
        assertThat(inactive.header("Location")).isNull();
    }

    @Test
    void authorizeWithoutPkceIsRefused() {
        SfHttp http = new SfHttp(simulator.loginUrl());
        Resp r = http.send(HttpRequest.newBuilder(URI.create(simulator.loginUrl()
                + "/services/oauth2/authorize?response_type=code&client_id=c&redirect_uri=" + SfHttp.enc(REDIRECT))).build());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("PKCE");
    }

    @Test
    void wrongVerifierIsRefusedAndTheCodeIsSingleUse() {
        SfHttp http = new SfHttp(simulator.loginUrl());
        String code = signIn(http, "bob.closer@example.com", "s");
        Resp wrong = http.token(codeForm(code, VERIFIER.replace('a', 'b')));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(wrong.json().size()).isEqualTo(2);

        String second = signIn(http, "bob.closer@example.com", "s");
        assertThat(http.token(codeForm(second, VERIFIER)).status()).isEqualTo(200);
        Resp reused = http.token(codeForm(second, VERIFIER));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("error").asText()).isEqualTo("invalid_grant");

        String third = signIn(http, "bob.closer@example.com", "s");
        Map<String, String> otherRedirect = codeForm(third, VERIFIER);
        otherRedirect.put("redirect_uri", "http://localhost:9/elsewhere");
        assertThat(http.token(otherRedirect).status()).isEqualTo(400);
    }

    @Test
    void withRotationEachRefreshAnswersANewTokenAndTheOldOneStops() {
        simulator.settings().setRefreshTokenRotation(true);
        SfHttp http = new SfHttp(simulator.loginUrl());
        String refresh = http.token(codeForm(signIn(http, "alice.seller@example.com", "r"), VERIFIER))
                .json().get("refresh_token").asText();
        Set<String> seen = new HashSet<>(Set.of(refresh));
        for (int i = 0; i < 3; i++) {
            Resp r = http.token(refreshForm(refresh));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            String next = r.json().get("refresh_token").asText();
            assertThat(seen.add(next)).as("a new refresh token each time").isTrue();
            Resp old = http.token(refreshForm(refresh));
            assertThat(old.status()).isEqualTo(400);
            assertThat(old.json().get("error").asText()).isEqualTo("invalid_grant");
            refresh = next;
        }
    }

    @Test
    void withoutRotationTheRefreshTokenStaysAndRevokeEndsIt() {
        SfHttp http = new SfHttp(simulator.loginUrl());
        String refresh = http.token(codeForm(signIn(http, "alice.seller@example.com", "n"), VERIFIER))
                .json().get("refresh_token").asText();
        Resp first = http.token(refreshForm(refresh));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().has("refresh_token")).isFalse();
        assertThat(http.token(refreshForm(refresh)).status()).isEqualTo(200);

        Resp revoked = http.send(post(simulator.loginUrl() + "/services/oauth2/revoke", Map.of("token", refresh)));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(http.token(refreshForm(refresh)).status()).isEqualTo(400);
    }

    // ---- helpers

    private String authorizeUrl(String state) {
        return simulator.loginUrl() + "/services/oauth2/authorize?response_type=code&client_id=" + SfHttp.CLIENT_ID
                + "&redirect_uri=" + SfHttp.enc(REDIRECT) + "&state=" + SfHttp.enc(state)
                + "&code_challenge=" + challenge(VERIFIER) + "&code_challenge_method=S256";
    }

    private String signIn(SfHttp http, String username, String state) {
        Resp r = approval(http, username, state, "allow");
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        String location = r.header("Location");
        assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=" + state);
        return java.net.URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    }

    /** Signs in, then answers the approve page with Allow or Deny. */
    private Resp approval(SfHttp http, String username, String state, String answer) {
        Resp page = http.send(post(simulator.loginUrl() + "/services/oauth2/authorize", signInForm(username, "simulator", state)));
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.body()).contains("Allow Access?", username, "value=\"allow\"", "value=\"deny\"");
        return http.send(post(simulator.loginUrl() + "/services/oauth2/authorize",
                Map.of("ticket", ticket(page), "approval", answer)));
    }

    private static String ticket(Resp approvePage) {
        return approvePage.body().replaceAll("(?s).*name=\"ticket\" value=\"([0-9a-f]+)\".*", "$1");
    }

    private Map<String, String> signInForm(String username, String password, String state) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("response_type", "code");
        form.put("client_id", SfHttp.CLIENT_ID);
        form.put("redirect_uri", REDIRECT);
        form.put("state", state);
        form.put("code_challenge", challenge(VERIFIER));
        form.put("code_challenge_method", "S256");
        form.put("username", username);
        form.put("password", password);
        return form;
    }

    private static Map<String, String> codeForm(String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", SfHttp.CLIENT_ID);
        form.put("code", code);
        form.put("redirect_uri", REDIRECT);
        form.put("code_verifier", verifier);
        form.put("format", "json");
        return form;
    }

    private static Map<String, String> refreshForm(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", SfHttp.CLIENT_ID);
        form.put("client_secret", SfHttp.CLIENT_SECRET);
        form.put("refresh_token", refreshToken);
        form.put("format", "json");
        return form;
    }

    private static HttpRequest post(String url, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(SfHttp.enc(k)).append('=').append(SfHttp.enc(v)));
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
