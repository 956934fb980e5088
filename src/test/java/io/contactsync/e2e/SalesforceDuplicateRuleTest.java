package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Lead created in Salesforce after the duplicate filter looked (a colleague typing the same card)
 * is caught by Salesforce's own duplicate rule: the contact ends DUPLICATE naming the record from
 * the rule's duplicateResut, and the rest of the chunk is exported.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SalesforceDuplicateRuleTest extends EndToEndTest {

    @Autowired
    private CamelContext camel;

    @Test
    void aRecordCreatedBetweenFilterAndDeliveryEndsDuplicateWithTheRulesMatch() throws Exception {
        String[] colleagues = new String[1];
        AdviceWith.adviceWith(camel, "sync-chunk", route -> route.weaveById("deliver").before().process(exchange ->
                colleagues[0] = simulator.create("Lead", Map.of("LastName", "Typed", "Company", "Co",
                        "Email", "raced@example.com"))));
        List<Long> ids = store("[" + contact("Raced", "Card", "raced@example.com", "Co", null) + ","
                + contact("Calm", "Card", "calm@example.com", "Co", null) + "]");

        JsonNode done = push(ids, "requester@example.com");

        assertThat(done.get("duplicates").asInt()).isEqualTo(1);
        assertThat(done.get("exported").asInt()).isEqualTo(1);
        JsonNode raced = export(ids.get(0));
        assertThat(raced.get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(raced.get("salesforceId").asText()).isEqualTo(colleagues[0]);
        assertThat(raced.get("error").get("message").asText()).contains("Salesforce duplicate rule").contains(colleagues[0]);
        assertThat(simulator.records("Lead")).hasSize(2);
    }
}
