package io.contactsync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The counts behind the throttle: per user name, per client address, and the window that ends a refusal. */
class SignInThrottleTest {

    private final SignInThrottle throttle = new SignInThrottle(new SecuritySettings(
            new SecuritySettings.SignInThrottle(true, 3, 5, Duration.ofMillis(600)),
            new SecuritySettings.CredentialCache(Duration.ZERO, 1)));

    private void fail(String username, String address) {
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(username, "pw");
        attempt.setDetails(new WebAuthenticationDetails(address, null));
        throttle.failed(new AuthenticationFailureBadCredentialsEvent(attempt, new BadCredentialsException("bad")));
    }

    @Test
    void aUserNameIsRefusedFromAnyAddressAfterItsMaximumUntilTheWindowEnds() {
        fail("alice", "10.0.0.1");
        fail("Alice", "10.0.0.2");
        assertThat(throttle.refusedFor("alice", "10.0.0.9")).isEmpty();
        fail("alice ", "10.0.0.3");

        assertThat(throttle.refusedFor("ALICE", "10.0.0.9")).hasValueSatisfying(d ->
                assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofMillis(600)));
        assertThat(throttle.refusedFor("bob", "10.0.0.1")).isEmpty();
        await().atMost(Duration.ofSeconds(3)).until(() -> throttle.refusedFor("alice", "10.0.0.9").isEmpty());
    }

    @Test
    void anAddressIsRefusedForEveryNameAfterItsMaximum() {
        for (int i = 0; i < 5; i++) {
            fail("made-up-" + i, "10.0.0.1");
        }

        assertThat(throttle.refusedFor("admin", "10.0.0.1")).isPresent();
        assertThat(throttle.refusedFor(null, "10.0.0.1")).isPresent();
        assertThat(throttle.refusedFor("admin", "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccessfulSignInStartsTheUsersCountAfresh() {
        fail("alice", "10.0.0.1");
        fail("alice", "10.0.0.1");
        throttle.succeeded(new AuthenticationSuccessEvent(UsernamePasswordAuthenticationToken.authenticated("alice", null,
                java.util.List.of())));
        fail("alice", "10.0.0.1");

        assertThat(throttle.refusedFor("alice", "10.0.0.2")).isEmpty();
    }
}
