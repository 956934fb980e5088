package io.contactsync.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.Limits;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Salesforce connectivity for /actuator/health: logs in (if needed) and reads the org's limits,
 * at most once a minute so that health checks do not spend the API allowance.
 */
@Component("salesforceHealthIndicator")
public class SalesforceHealthIndicator extends AbstractHealthIndicator {

    static final Duration CACHE = Duration.ofMinutes(1);

    private final ProducerTemplate camel;
    private final Clock clock;
    private volatile Health last;
    private volatile Instant checkedAt = Instant.EPOCH;

    public SalesforceHealthIndicator(ProducerTemplate camel) {
        super("Salesforce health check failed");
        this.camel = camel;
        this.clock = Clock.systemUTC();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Health cached = last;
        if (cached != null && clock.instant().isBefore(checkedAt.plus(CACHE))) {
            builder.status(cached.getStatus()).withDetails(cached.getDetails());
            return;
        }
        Health.Builder fresh = new Health.Builder();
        try {
            Limits limits = camel.requestBody("salesforce:limits", null, Limits.class);
            Limits.Usage daily = limits.getDailyApiRequests();
            fresh.up().withDetails(Map.of("dailyApiRequests", Map.of("max", daily.getMax(), "remaining", daily.getRemaining())));
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = cause instanceof SalesforceException sf && sf.getErrors() != null && !sf.getErrors().isEmpty()
                    ? sf.getErrors().get(0).getErrorCode() + ": " + sf.getErrors().get(0).getMessage()
                    : cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage());
            fresh.down().withDetail("reason", reason);
        }
        last = fresh.build();
        checkedAt = clock.instant();
        builder.status(last.getStatus()).withDetails(last.getDetails());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
