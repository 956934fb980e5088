package io.contactsync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** Verified credentials skip the password check for a while; wrong or other passwords never do. */
class VerifiedCredentialsTest {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final AtomicInteger checks = new AtomicInteger();
    private final AuthenticationProvider counted = countingChecks();

    private AuthenticationProvider countingChecks() {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
                User.withUsername("alice").password(encoder.encode("alice-secret")).roles("USER").build()));
        passwords.setPasswordEncoder(encoder);
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) throws AuthenticationException {
                checks.incrementAndGet();
                return passwords.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return passwords.supports(authentication);
            }
        };
    }

    private static Authentication attempt(String username, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
    }

    @Test
    void theRightPasswordIsCheckedOnceWithinTheTtl() {
        VerifiedCredentials cache = new VerifiedCredentials(counted, new SecuritySettings.CredentialCache(Duration.ofMinutes(1), 100));

        Authentication first = cache.authenticate(attempt("alice", "alice-secret"));
        Authentication second = cache.authenticate(attempt("alice", "alice-secret"));

        assertThat(checks).hasValue(1);
        assertThat(second.isAuthenticated()).isTrue();
        assertThat(second.getName()).isEqualTo("alice");
        assertThat(second.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_USER");
        assertThat(second).isNotSameAs(first);
    }

    @Test
    void wrongPasswordsAreNeverRememberedNorServedFromTheCache() {
        VerifiedCredentials cache = new VerifiedCredentials(counted, new SecuritySettings.CredentialCache(Duration.ofMinutes(1), 100));
        cache.authenticate(attempt("alice", "alice-secret"));

        assertThatThrownBy(() -> cache.authenticate(attempt("alice", "alice-secret "))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> cache.authenticate(attempt("alice", "guess"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> cache.authenticate(attempt("alice", "guess"))).isInstanceOf(BadCredentialsException.class);
        assertThat(checks).hasValue(4);
    }

    @Test
    void aZeroTtlChecksEveryTime() {
        VerifiedCredentials cache = new VerifiedCredentials(counted, new SecuritySettings.CredentialCache(Duration.ZERO, 100));

        cache.authenticate(attempt("alice", "alice-secret"));
        cache.authenticate(attempt("alice", "alice-secret"));

        assertThat(checks).hasValue(2);
    }
}
