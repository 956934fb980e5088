package io.contactsync.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the web-server flow hands out besides access tokens: authorization codes (single use, a few
 * minutes, bound to the client, the redirect URI and the PKCE challenge) and the refresh tokens issued
 * for them, each naming its user. Held in memory only: a restarted simulator has forgotten them, as an
 * org forgets tokens after its admin revokes the app.
 */
final class OAuthGrants {

    /** Salesforce's codes expire after 15 minutes. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(15);

    record Code(String clientId, String redirectUri, String challenge, String userId, Instant expiresAt) { }

    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    String issueCode(String clientId, String redirectUri, String challenge, String userId) {
        String code = "aPrx" + random(48);
        codes.put(code, new Code(clientId, redirectUri, challenge, userId, Instant.now().plus(CODE_LIFETIME)));
        return code;
    }

    /** The code's grant, removed so that it can be used once only (a failed attempt uses it up too), or null. */
    Code redeem(String code) {
        Code grant = code == null ? null : codes.remove(code);
        return grant == null || grant.expiresAt().isBefore(Instant.now()) ? null : grant;
    }

    String issueRefreshToken(String userId) {
        String token = "5Aep" + random(64);
        refreshTokens.put(token, userId);
        return token;
    }

    /** The user of an issued refresh token, or null. */
    String refreshTokenUser(String token) {
        return token == null ? null : refreshTokens.get(token);
    }

    /** A new refresh token for the same user; the old one stops working. */
    String rotate(String token) {
        String userId = refreshTokens.remove(token);
        return userId == null ? null : issueRefreshToken(userId);
    }

    boolean revokeRefreshToken(String token) {
        return token != null && refreshTokens.remove(token) != null;
    }

    /** PKCE S256: the challenge is the unpadded base64url SHA-256 of the verifier. */
    static boolean verifies(String challenge, String verifier) {
        if (challenge == null || verifier == null || verifier.length() < 43 || verifier.length() > 128) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return MessageDigest.isEqual(Base64.getUrlEncoder().withoutPadding().encodeToString(digest)
                    .getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String random(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
