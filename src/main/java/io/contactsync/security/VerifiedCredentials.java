package io.contactsync.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Remembers for a short while the user name and password pairs that passed the password check, so
 * that an API client sending HTTP Basic on every call pays bcrypt once per {@code ttl}, not per call.
 * Only successes are kept, and only as an HMAC-SHA-256 under a key made at start and never stored: the
 * heap holds no password nor anything a dictionary could be run against. Users come from the
 * configuration, so a changed password takes a restart, which empties this cache too.
 */
final class VerifiedCredentials implements AuthenticationProvider {

    private final AuthenticationProvider delegate;
    private final Cache<String, Authentication> verified;
    private final SecretKeySpec key;

    VerifiedCredentials(AuthenticationProvider delegate, SecuritySettings.CredentialCache settings) {
        this.delegate = delegate;
        this.verified = Caffeine.newBuilder().expireAfterWrite(settings.ttl()).maximumSize(settings.maxEntries()).build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        if (attempt.getCredentials() == null) {
            return delegate.authenticate(attempt);
        }
        String digest = digest(attempt.getName(), attempt.getCredentials().toString());
        Authentication known = verified.getIfPresent(digest);
        if (known == null) {
            known = delegate.authenticate(attempt);
            if (known == null) {
                return null;
            }
            verified.put(digest, known);
        }
        // a fresh token each time: the manager erases credentials on what it returns, and details are per request
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(
                known.getPrincipal(), null, known.getAuthorities());
        result.setDetails(attempt.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    private String digest(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
