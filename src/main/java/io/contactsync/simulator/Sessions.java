package io.contactsync.simulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The access tokens issued, and the session a request's {@code Authorization: Bearer} header names. */
final class Sessions {

    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A new token like Salesforce's: the 15-character org id, '!', and random characters. */
    String issue(String orgId, String userId, Instant expiresAt) {
        String token = orgId.substring(0, 15) + "!" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(72));
        byToken.put(token, new Session(userId, expiresAt));
        return token;
    }

    Session find(SimRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        Session session = byToken.get(token);
        if (session == null || session.expiresAt().isBefore(Instant.now())) {
            byToken.remove(token);
            return null;
        }
        return session;
    }

    void revoke(String token) {
        byToken.remove(token);
    }

    void revokeAll() {
        byToken.clear();
    }

    byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
