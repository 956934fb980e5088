package io.contactsync.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins (HTTP Basic and the sign-in form alike) per user name and per client
 * address. A key that reaches its maximum within the window is refused for one window from then on;
 * Caffeine's per-entry expiry is both the window and the refusal, so nothing here needs cleaning up.
 * The counts learn of failures from Spring Security's authentication events.
 */
@Component
public class SignInThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);

    private final SecuritySettings.SignInThrottle settings;
    private final Strikes users;
    private final Strikes addresses;

    public SignInThrottle(SecuritySettings settings) {
        this.settings = settings.signInThrottle();
        this.users = new Strikes("user", this.settings.maxFailuresPerUser(), this.settings.window());
        this.addresses = new Strikes("address", this.settings.maxFailuresPerAddress(), this.settings.window());
    }

    /** How long a sign-in as {@code username} (may be null) from {@code address} is still refused, if it is. */
    public Optional<Duration> refusedFor(String username, String address) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Optional<Duration> user = username == null ? Optional.empty() : users.refusedFor(key(username));
        Optional<Duration> client = addresses.refusedFor(address);
        if (user.isPresent() && client.isPresent()) {
            return Optional.of(user.get().compareTo(client.get()) > 0 ? user.get() : client.get());
        }
        return user.isPresent() ? user : client;
    }

    @EventListener
    public void failed(AuthenticationFailureBadCredentialsEvent event) {
        if (settings.enabled()) {
            users.strike(key(event.getAuthentication().getName()));
            addressOf(event.getAuthentication()).ifPresent(addresses::strike);
        }
    }

    /** A user who gets the password right starts counting afresh; the address keeps its count. */
    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        users.forget(key(event.getAuthentication().getName()));
    }

    private static Optional<String> addressOf(Authentication attempt) {
        return attempt.getDetails() instanceof WebAuthenticationDetails details
                ? Optional.ofNullable(details.getRemoteAddress()) : Optional.empty();
    }

    /** User names are matched regardless of case (as the user store does) and only their start is kept. */
    private static String key(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    /** Failures per key: counted for a window from the first, then refused for a window from the last that counts. */
    private static final class Strikes {

        private final String kind;
        private final int max;
        private final Cache<String, Integer> failures;

        Strikes(String kind, int max, Duration window) {
            this.kind = kind;
            this.max = max;
            long windowNanos = window.toNanos();
            this.failures = Caffeine.newBuilder()
                    // a flood of made-up names or addresses evicts the oldest counts instead of filling the heap
                    .maximumSize(100_000)
                    .expireAfter(new Expiry<String, Integer>() {
                        @Override
                        public long expireAfterCreate(String key, Integer count, long now) {
                            return windowNanos;
                        }

                        @Override
                        public long expireAfterUpdate(String key, Integer count, long now, long remaining) {
                            return count == max ? windowNanos : remaining;
                        }

                        @Override
                        public long expireAfterRead(String key, Integer count, long now, long remaining) {
                            return remaining;
                        }
                    })
                    .build();
        }

        void strike(String key) {
            int count = failures.asMap().merge(key, 1, Integer::sum);
            if (count == max) {
                LOG.warn("Sign-in throttle engaged for {} '{}': {} failed sign-ins, refused for {} s", kind, printable(key),
                        count, (remaining(key).toMillis() + 999) / 1000);
            }
        }

        Optional<Duration> refusedFor(String key) {
            Integer count = failures.getIfPresent(key);
            return count != null && count >= max ? Optional.of(remaining(key)) : Optional.empty();
        }

        void forget(String key) {
            failures.invalidate(key);
        }

        private Duration remaining(String key) {
            return failures.policy().expireVariably().flatMap(expiry -> expiry.getExpiresAfter(key)).orElse(Duration.ZERO);
        }

        /** A name comes from the caller: no line breaks or control characters in the log. */
        private static String printable(String key) {
            return key.replaceAll("\\p{Cntrl}", "?");
        }
    }
}
