package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.contact.ContactBatch;
import io.contactsync.contact.IngestReport;
import io.contactsync.contact.IngestReport.Status;
import io.contactsync.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** routes/contacts-ingest.camel.yaml: the REST API's rules per contact, stored once per source and key. */
class ContactsIngestRouteTest extends EndToEndTest {

    @Autowired
    ProducerTemplate producer;

    private JsonNode contactJson(String first, String email) {
        return read(contact(first, "Tester", email, "Acme", null));
    }

    private IngestReport ingest(ContactBatch batch) {
        return producer.requestBody("direct:contacts-ingest", batch, IngestReport.class);
    }

    @Test
    void eachContactIsStoredRefusedWithTheReasonOrKnownAsADuplicate() {
        ContactBatch batch = new ContactBatch("test-source", false, List.of(
                new ContactBatch.Item("k1", "", contactJson("Ann", "ann@example.com")),
                new ContactBatch.Item("k2", "", contactJson("Bad", "not-an-email")),
                new ContactBatch.Item("k1", "", contactJson("Ann", "ann@example.com"))));

        IngestReport first = ingest(batch);

        assertThat(first.contacts()).extracting(IngestReport.Outcome::status)
                .containsExactly(Status.STORED, Status.REFUSED, Status.DUPLICATE);
        assertThat(first.contacts().get(1).field()).isEqualTo("email");
        assertThat(first.contacts().get(1).reason()).isEqualTo("email 'not-an-email' is not an email address");
        assertThat(jdbc.queryForObject("select source || '/' || source_key from contact", String.class))
                .isEqualTo("test-source/k1");
        assertThat(get("/api/contacts/" + first.getIds().get(0)).get("source").asText()).isEqualTo("test-source");

        IngestReport again = ingest(batch);
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(2);
        assertThat(again.refused()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from contact", Integer.class)).isEqualTo(1);
    }

    @Test
    void aKeyedContactIsStoredFieldForFieldAsTheRestApiStoresIt() {
        String full = """
                {"namePrefix": "Dr.", "firstName": "Zoë", "lastName": "O'Brien", "email": "zoe@example.com",
                 "phoneWork": "+49 30 1", "phoneMobile": "+49 171 2", "company": "Ärzte & Co", "title": "CTO",
                 "department": "IT", "website": "https://example.com", "addressLine1": "Line 1", "addressLine2": "Line 2",
                 "zip": "10115", "city": "Berlin", "country": "Germany", "notes": "met at the fair\\nsecond line",
                 "metOn": "2026-03-04", "metBy": "alice.seller@example.com", "leadScore": 7,
                 "custom": {"booth": "B12", "interests": ["a", "b"], "n": 1.5}}""";
        long viaRest = store(full).get(0);
        IngestReport keyed = ingest(new ContactBatch("test-source", false, List.of(new ContactBatch.Item("z1", "", read(full)))));

        JsonNode a = get("/api/contacts/" + keyed.getIds().get(0));
        JsonNode b = get("/api/contacts/" + viaRest);
        for (String field : List.of("namePrefix", "firstName", "lastName", "email", "phoneWork", "phoneMobile", "company", "title",
                "department", "website", "addressLine1", "addressLine2", "zip", "city", "country", "notes", "metOn", "metBy",
                "leadScore", "custom")) {
            assertThat(a.get(field)).as(field).isEqualTo(b.get(field));
        }
        assertThat(a.get("custom").get("interests").get(1).asText()).isEqualTo("b");
        assertThat(a.get("export").get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void allOrNothingThrowsTheFirstRefusalAndStoresNone() {
        ContactBatch batch = new ContactBatch("test-source", true, List.of(
                new ContactBatch.Item("k1", "[0]", contactJson("Ann", "ann@example.com")),
                new ContactBatch.Item("k2", "[1]", read("{\"lastName\": \"X\", \"nickname\": \"x\"}"))));

        Throwable thrown = catchThrowable(() -> ingest(batch));

        assertThat(thrown.getCause()).isInstanceOf(ApiException.class).hasMessage("unknown field 'nickname'");
        assertThat(((ApiException) thrown.getCause()).field()).isEqualTo("[1].nickname");
        assertThat(jdbc.queryForObject("select count(*) from contact", Integer.class)).isZero();
    }

    @Test
    void fiveThousandContactsInOneBatch() {
        List<ContactBatch.Item> items = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            items.add(new ContactBatch.Item("row-" + i, "", contactJson("Visitor" + i, "visitor" + i + "@example.com")));
        }
        ContactBatch batch = new ContactBatch("test-source", false, items);
        ingest(new ContactBatch("warm-up", false, items.subList(0, 200)));

        long start = System.nanoTime();
        IngestReport report = ingest(batch);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(report.stored()).isEqualTo(5000);
        System.out.printf("contacts-ingest: 5,000 contacts checked and stored in %d ms: %.0f contacts/s%n",
                millis, 5000 * 1000.0 / millis);
    }
}
