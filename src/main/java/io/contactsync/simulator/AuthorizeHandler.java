package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /services/oauth2/authorize}, the web-server flow's sign-in: a GET with response_type=code,
 * client_id, redirect_uri, state and a PKCE S256 challenge shows a form; its POST with an active
 * User's name and the simulator's password shows the approve page; Allow redirects to
 * {@code redirect_uri?code=…&state=…}, Deny to {@code redirect_uri?error=access_denied&…&state=…}, as Salesforce does.
 * The approve page carries a one-use ticket bound to the signed-in user and the request it approves.
 */
final class AuthorizeHandler {

    private static final String[] CARRIED = {"response_type", "client_id", "redirect_uri", "state", "code_challenge",
        "code_challenge_method"};

    private final SimulatorSettings settings;
    private final OAuthHandler oauth;
    private final OAuthGrants grants;
    private final Map<String, Approval> approvals = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A signed-in user's pending approval of one authorize request. */
    private record Approval(String userId, String username, Map<String, String> params, Instant expires) {
    }

    private static final Duration APPROVAL_TTL = Duration.ofMinutes(10);

    AuthorizeHandler(SimulatorSettings settings, OAuthHandler oauth, OAuthGrants grants) {
        this.settings = settings;
        this.oauth = oauth;
        this.grants = grants;
    }

    SimResponse authorize(Call call) {
        SimRequest request = call.request();
        boolean post = "POST".equals(request.method());
        Map<String, String> params = post ? HttpIo.form(request) : request.query();
        if (post && params.containsKey("approval")) {
            return approve(params);
        }
        String problem = problem(params);
        if (problem != null) {
            return page(400, "<p class=\"error\">" + escape(problem) + "</p>");
        }
        if (!post) {
            return page(200, form(params, null));
        }
        String userId = settings.isLoginBlocked() || !settings.getPassword().equals(params.get("password"))
                ? null : oauth.activeUser(params.get("username"));
        if (userId == null) {
            return page(200, form(params, "Please check your username and password."));
        }
        Map<String, String> carried = new LinkedHashMap<>();
        for (String name : CARRIED) {
            if (params.get(name) != null) {
                carried.put(name, params.get(name));
            }
        }
        Instant now = Instant.now();
        approvals.values().removeIf(a -> a.expires().isBefore(now));
        String ticket = HexFormat.of().formatHex(bytes(24));
        approvals.put(ticket, new Approval(userId, params.get("username"), carried, now.plus(APPROVAL_TTL)));
        return page(200, approvePage(ticket, params.get("client_id"), params.get("username")));
    }

    /** Allow or Deny on the approve page: the ticket names the user and the request; it is used once. */
    private SimResponse approve(Map<String, String> posted) {
        Approval approval = posted.get("ticket") == null ? null : approvals.remove(posted.get("ticket"));
        if (approval == null || approval.expires().isBefore(Instant.now())) {
            return page(400, "<p class=\"error\">invalid_request: this approval expired or was already used; start again</p>");
        }
        Map<String, String> params = approval.params();
        String redirect = params.get("redirect_uri");
        String state = params.containsKey("state") ? "&state=" + enc(params.get("state")) : "";
        String location;
        if ("allow".equals(posted.get("approval"))) {
            String code = grants.issueCode(params.get("client_id"), redirect, params.get("code_challenge"), approval.userId());
            location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + enc(code) + state;
        } else {
            location = redirect + (redirect.contains("?") ? "&" : "?") + "error=access_denied&error_description="
                    + enc("end-user denied authorization") + state;
        }
        return new SimResponse(302, null, Map.of("Location", location, "Cache-Control", "no-store"), 0);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String approvePage(String ticket, String clientId, String username) {
        return "<h2>Allow Access?</h2><p>The app <strong>" + escape(clientId) + "</strong> asks to access your data as <strong>"
                + escape(username) + "</strong>: access and manage your data (api), perform requests at any time "
                + "(refresh_token, offline_access).</p>"
                + "<form method=\"post\" action=\"/services/oauth2/authorize\">"
                + "<input type=\"hidden\" name=\"ticket\" value=\"" + escape(ticket) + "\">"
                + "<button type=\"submit\" name=\"approval\" value=\"deny\" id=\"oaapprove-deny\">Deny</button>"
                + "<button type=\"submit\" name=\"approval\" value=\"allow\" id=\"oaapprove\">Allow</button></form>";
    }

    /** What makes the request unusable, as Salesforce names it on its error page, or null. */
    private static String problem(Map<String, String> params) {
        if (!"code".equals(params.get("response_type"))) {
            return "unsupported_response_type: response_type must be code";
        }
        if (blank(params.get("client_id"))) {
            return "invalid_client_id: client identifier invalid";
        }
        String redirect = params.get("redirect_uri");
        if (blank(redirect) || !(redirect.startsWith("https://") || redirect.startsWith("http://"))) {
            return "redirect_uri_mismatch: redirect_uri must match configuration";
        }
        if (blank(params.get("code_challenge")) || !"S256".equals(params.get("code_challenge_method"))) {
            return "invalid_request: this app requires PKCE with code_challenge_method S256";
        }
        return null;
    }

    private static String form(Map<String, String> params, String error) {
        StringBuilder html = new StringBuilder();
        if (error != null) {
            html.append("<p class=\"error\">").append(escape(error)).append("</p>");
        }
        html.append("<form method=\"post\" action=\"/services/oauth2/authorize\">");
        for (String name : CARRIED) {
            if (params.get(name) != null) {
                html.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(escape(params.get(name))).append("\">");
            }
        }
        html.append("<label>Username <input name=\"username\" autocomplete=\"username\" value=\"")
                .append(escape(params.getOrDefault("username", ""))).append("\"></label>")
                .append("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"></label>")
                .append("<button type=\"submit\">Log In</button></form>");
        return html.toString();
    }

    private static SimResponse page(int status, String body) {
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Login | Salesforce simulator</title></head>"
                + "<body><h1>Salesforce simulator</h1>" + body + "</body></html>";
        return new SimResponse(status, html, Map.of("Content-Type", "text/html;charset=UTF-8", "Cache-Control", "no-store",
                "Content-Security-Policy", "default-src 'none'", "X-Frame-Options", "DENY"), 0);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
