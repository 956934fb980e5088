package io.contactsync.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How sign-ins are throttled and how long verified credentials are remembered ({@code contactsync.security.*}). */
@ConfigurationProperties("contactsync.security")
public record SecuritySettings(@DefaultValue SignInThrottle signInThrottle, @DefaultValue CredentialCache credentialCache) {

    /**
     * Failed sign-ins counted per user name and per client address: a key that reaches its maximum
     * within {@code window} is refused (429) for {@code window} from then on.
     */
    public record SignInThrottle(@DefaultValue("true") boolean enabled, @DefaultValue("5") int maxFailuresPerUser,
                                 @DefaultValue("20") int maxFailuresPerAddress, @DefaultValue("5m") Duration window) {
        public SignInThrottle {
            if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("contactsync.security.sign-in-throttle: the maxima must be at least 1"
                        + " and the window positive");
            }
        }
    }

    /** Basic credentials that passed bcrypt are taken without it for {@code ttl}; zero turns the cache off. */
    public record CredentialCache(@DefaultValue("60s") Duration ttl, @DefaultValue("10000") long maxEntries) { }
}
