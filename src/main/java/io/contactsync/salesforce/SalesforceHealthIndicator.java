package io.contactsync.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.Limits;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Salesforce connectivity for /actuator/health: logs in (if needed) and reads the org's limits, at
 * most once a minute so that health checks do not spend the API allowance; DOWN with the reason
 * while the login fails, and says whether automatic sync is paused.
 */
@Component("salesforceHealthIndicator")
public class SalesforceHealthIndicator extends AbstractHealthIndicator {

    static final Duration CACHE = Duration.ofMinutes(1);
    /** After a failed probe, try again sooner: a passing fault or a start-up should not show for a minute. */
    static final Duration RETRY = Duration.ofSeconds(5);

    private final ProducerTemplate camel;
    private final SalesforceStatus status;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant nextProbe = Instant.EPOCH;
    private volatile String lastError;

    private final String mode;
    private final OrgLogin orgLogin;

    public SalesforceHealthIndicator(ProducerTemplate camel, SalesforceStatus status,
                                     @Value("${contactsync.salesforce.mode:simulator}") String mode, OrgLogin orgLogin) {
        super("Salesforce health check failed");
        this.camel = camel;
        this.status = status;
        this.mode = mode;
        this.orgLogin = orgLogin;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!camel.getCamelContext().isStarted()) {
            builder.outOfService().withDetail("reason", "starting");
            return;
        }
        if (orgLogin.awaitingConnect()) {
            // no probe: camel-salesforce keeps retrying a refused login instead of failing the call
            builder.down().withDetail("reason", "not connected: set the org's credentials in the environment, or an admin "
                    + "connects it (POST /api/salesforce/connect)").withDetail("mode", mode);
            return;
        }
        if (clock.instant().isAfter(nextProbe) || status.loginFailure() != null) {
            probe();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", "simulator".equals(mode) ? "simulator: the built-in Salesforce simulator, not a real org" : mode);
        details.put("dailyApiRequests", Map.of("used", status.used(), "max", status.max()));
        details.put("automaticSync", status.automaticSyncAllowed() ? "running" : "paused");
        if (status.loginFailure() != null) {
            builder.down().withDetail("reason", "login fails: " + status.loginFailure()).withDetails(details);
        } else if (lastError != null) {
            builder.down().withDetail("reason", lastError).withDetails(details);
        } else {
            builder.up().withDetails(details);
        }
    }

    private void probe() {
        try {
            status.observeLimits(camel.requestBody("salesforce:limits", null, Limits.class));
            lastError = null;
            nextProbe = clock.instant().plus(CACHE);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (status.loginFailed(cause)) {
                camel.sendBody("direct:mail-login-failed", status.loginFailure());
            }
            lastError = cause instanceof SalesforceException sf && sf.getErrors() != null && !sf.getErrors().isEmpty()
                    ? sf.getErrors().get(0).getErrorCode() + ": " + sf.getErrors().get(0).getMessage()
                    : cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage());
            nextProbe = clock.instant().plus(RETRY);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
