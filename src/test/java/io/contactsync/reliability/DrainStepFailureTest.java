package io.contactsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A failure at any step of the automatic drain (sync-drain) settles what it had claimed: nothing stays
 * EXPORTING; a passing fault leaves the contacts to be sent again later, which exports them.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {"contactsync.sync.mode=automatic", "contactsync.sync.chunk-size=2",
        "contactsync.retry.later.delay=1s"})
class DrainStepFailureTest extends InjectedFailureTest {

    @BeforeEach
    void weaveSteps() throws Exception {
        weave("sync-drain", "claim-pending", "drain-chunk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"drain-chunk"})
    void aFailureAtAStepOfTheDrainSettlesEveryContactItClaimed(String step) {
        failAt(step, new IllegalStateException("injected failure at " + step));

        List<Long> ids = contacts("drain", 5);

        await().atMost(Duration.ofSeconds(20)).until(() -> count("status = 'FAILED'") == 5);
        assertThat(hits()).isPositive();
        assertThat(count("status = 'EXPORTING'")).isZero();
        assertThat(export(ids.get(0)).get("error").get("message").asText())
                .isEqualTo("contact-sync could not process the contact: injected failure at " + step);
        assertFailuresSayWhy();
    }

    @Test
    void aFailingClaimLeavesTheContactsPendingUntilItWorksAgain() {
        failAt("claim-pending", new IllegalStateException("injected failure at claim-pending"));

        contacts("claim", 5);

        await().atMost(Duration.ofSeconds(10)).until(() -> hits() >= 2);
        assertThat(count("status = 'PENDING'")).isEqualTo(5);
        noFailure();
        await().atMost(Duration.ofSeconds(20)).until(() -> count("status = 'EXPORTED'") == 5);
        assertOneLeadPerExportedContact();
    }

    @Test
    void aPassingFaultOutsideTheChunksLeavesTheContactsToBeSentAgainLaterWhichExportsThem() {
        failAt("drain-chunk", new IOException("connection reset"));

        contacts("later", 5);

        // the drain fails them on the passing fault; the retries claimed later go their own way (sync-retry-later)
        await().atMost(Duration.ofSeconds(20)).until(() -> count("status = 'EXPORTED'") == 5);
        assertThat(hits()).isPositive();
        assertThat(count("retry_round = 1")).isEqualTo(5);
        assertOneLeadPerExportedContact();
    }
}
