package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resources as the REST API Developer Guide documents them: upsert on an idLookup field such as
 * Email (201, 200, 300 with the matching records' URLs), the identity URL's answer, and the
 * version root.
 */
class SimulatorResourcesTest extends InMemoryOrgTest {

    SfHttp sf;

    @BeforeEach
    void fresh() {
        simulator.settings().setDuplicateRule("off");
        simulator.reset();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    @org.junit.jupiter.api.AfterAll
    void backToDefault() {
        simulator.settings().setDuplicateRule("block");
    }

    @Test
    void upsertOnEmailCreatesUpdatesOrNamesTheMatches() {
        Resp created = sf.patch(sf.data("/sobjects/Lead/Email/ada@engines.example"), Map.of("LastName", "Lovelace", "Company", "Co"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().get("created").asBoolean()).isTrue();
        String id = created.json().get("id").asText();

        Resp updated = sf.patch(sf.data("/sobjects/Lead/Email/ADA@engines.example"), Map.of("Title", "Countess"));
        assertThat(updated.status()).as("%s", updated).isEqualTo(200);
        assertThat(updated.json().get("created").asBoolean()).isFalse();
        assertThat(updated.json().get("id").asText()).isEqualTo(id);
        assertThat(simulator.records("Lead").get(0).get("Title")).isEqualTo("Countess");

        String twin = sf.post(sf.data("/sobjects/Lead"), Map.of("LastName", "Twin", "Company", "Co", "Email", "ada@engines.example"))
                .json().get("id").asText();
        Resp multiple = sf.patch(sf.data("/sobjects/Lead/Email/ada@engines.example"), Map.of("Title", "Either"));
        assertThat(multiple.status()).isEqualTo(300);
        assertThat(multiple.json().isArray()).isTrue();
        assertThat(multiple.json().toString()).contains("/sobjects/Lead/" + id).contains("/sobjects/Lead/" + twin);
        assertThat(sf.get(sf.data("/sobjects/Lead/Email/ada@engines.example")).status()).as("GET by Email, two matches").isEqualTo(300);

        Resp notLookup = sf.patch(sf.data("/sobjects/Lead/Company/Co"), Map.of("Title", "x"));
        assertThat(notLookup.status()).isEqualTo(400);
        assertThat(notLookup.json().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        JsonNode email = field(sf.get(sf.data("/sobjects/Lead/describe")).json(), "Email");
        assertThat(email.get("idLookup").asBoolean()).isTrue();
    }

    @Test
    void theIdentityUrlAnswersTheIdentityShapeForItsOwnUserOnly() {
        String idUrl = sf.loginAnswer.get("id").asText();

        Resp meAnswer = sf.get(idUrl);
        assertThat(meAnswer.status()).as("%s", meAnswer).isEqualTo(200);
        JsonNode me = meAnswer.json();

        assertThat(me.get("id").asText()).isEqualTo(idUrl);
        assertThat(me.get("asserted_user").asBoolean()).isTrue();
        assertThat(idUrl).endsWith("/" + me.get("organization_id").asText() + "/" + me.get("user_id").asText());
        assertThat(me.get("username").asText()).isEqualTo("integration@contactsync.local");
        assertThat(me.get("display_name").asText()).isEqualTo("Integration User");
        assertThat(me.get("email").asText()).isEqualTo("integration@contactsync.local");
        assertThat(me.get("urls").get("rest").asText()).endsWith("/services/data/v{version}/");
        assertThat(me.get("urls").get("query").asText()).endsWith("/services/data/v{version}/query/");
        assertThat(me.get("active").asBoolean()).isTrue();
        assertThat(me.get("user_type").asText()).isEqualTo("STANDARD");
        assertThat(me.get("language").asText()).isEqualTo("en_US");
        assertThat(me.get("locale").asText()).isEqualTo("en_US");
        assertThat(me.get("utcOffset").isInt()).isTrue();
        assertThat(me.get("last_modified_date").asText()).isNotBlank();
        assertThat(me.has("preferred_username")).as("not the OpenID userinfo shape").isFalse();
        assertThat(sf.get("/services/oauth2/userinfo").json().get("preferred_username").asText())
                .isEqualTo("integration@contactsync.local");

        String alice = new SfHttp(simulator.loginUrl()).login("alice.seller@example.com", "simulator").loginAnswer.get("id").asText();
        assertThat(sf.get(alice).status()).as("another user's identity URL").isEqualTo(403);
    }

    @Test
    void theVersionRootListsItsResourcesAndTheIdentity() {
        Resp rootAnswer = sf.get(sf.data("/"));
        assertThat(rootAnswer.body()).contains("identity");
        JsonNode root = rootAnswer.json();

        assertThat(root.get("sobjects").asText()).isEqualTo("/services/data/v59.0/sobjects");
        assertThat(root.get("query").asText()).isEqualTo("/services/data/v59.0/query");
        assertThat(root.get("queryAll").asText()).isEqualTo("/services/data/v59.0/queryAll");
        assertThat(root.get("composite").asText()).isEqualTo("/services/data/v59.0/composite");
        assertThat(root.get("limits").asText()).isEqualTo("/services/data/v59.0/limits");
        assertThat(root.get("identity").asText()).isEqualTo(sf.loginAnswer.get("id").asText());
    }

    static JsonNode field(JsonNode describe, String name) {
        for (JsonNode f : describe.get("fields")) {
            if (name.equals(f.get("name").asText())) {
                return f;
            }
        }
        throw new AssertionError("no field " + name);
    }
}
