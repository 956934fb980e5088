package io.contactsync.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.push.PushRequest;
import io.contactsync.simulator.OrgSchema;
import io.contactsync.web.ApiException;
import io.contactsync.web.RequestReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What intake refuses before anything is stored: the error names the field, in words, never a Java type. */
class ContactIntakeTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final RequestReader reader = new RequestReader(json);
    private final ContactIntake intake = new ContactIntake(reader,
            new ContactSyncProperties(null, null, null, null, null, new ContactSyncProperties.Api(1000), null, null));

    private ApiException refused(String body) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> intake.read(body));
        assertThat(e).as("refused: " + body.substring(0, Math.min(body.length(), 200))).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).as("no Java in: " + e.getMessage())
                .doesNotContainPattern("java\\.|com\\.|`|Exception|JsonNode|LocalDate|\\b(Integer|Long|Boolean)\\b|(?<!JSON )String");
        return e;
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(int length) {
        return "x".repeat(length);
    }

    private static String email(int length) {
        return "a".repeat(length - "@example.com".length()) + "@example.com";
    }

    @Test
    void limitsAreTheLengthsOfTheSalesforceFields() {
        OrgSchema org = new OrgSchema();
        ContactLimits.TEXT_FIELDS.values().forEach(limit -> {
            String[] named = limit.salesforceField().split("\\.");
            var field = named.length == 2 ? org.type(named[0]).field(named[1]) : org.type("Lead").field(named[0]);
            if (field == null) {
                field = org.type("Contact").field(limit.salesforceField());
            }
            assertThat(field).as(limit.salesforceField()).isNotNull();
            assertThat(limit.maxLength()).as(limit.field() + " -> " + limit.salesforceField()).isEqualTo(field.length());
        });
    }

    @Test
    void everyTextFieldIsTakenAtItsLimitAndRefusedByNameBeyondIt() {
        for (ContactLimits.Limit limit : ContactLimits.TEXT_FIELDS.values()) {
            boolean address = limit.field().equals("email") || limit.field().equals("metBy");
            Map<String, Object> fits = new LinkedHashMap<>(Map.of("lastName", "L"));
            fits.put(limit.field(), address ? email(limit.maxLength()) : text(limit.maxLength()));
            assertThat(intake.read(json(fits))).as(limit.field()).hasSize(1);

            Map<String, Object> over = new LinkedHashMap<>(Map.of("lastName", "L"));
            over.put(limit.field(), address ? email(limit.maxLength() + 1) : text(limit.maxLength() + 1));
            ApiException e = refused(json(over));
            assertThat(e.field()).isEqualTo(limit.field());
            assertThat(e.getMessage()).contains(limit.salesforceField(), "at most " + limit.maxLength());
        }
    }

    @Test
    void aLongEmailOrMetByInABatchNamesTheContact() {
        String ok = "{\"lastName\": \"A\", \"email\": \"a@example.com\"}";
        ApiException email = refused("[" + ok + "," + ok + "," + ok + ",{\"lastName\": \"B\", \"email\": \"" + email(6000) + "\"}]");
        ApiException metBy = refused("{\"lastName\": \"B\", \"metBy\": \"" + email(6000) + "\"}");

        assertThat(email.field()).isEqualTo("[3].email");
        assertThat(email.getMessage()).contains("6000 characters", "at most 80").hasSizeLessThan(200);
        assertThat(metBy.field()).isEqualTo("metBy");
    }

    @Test
    void emailAndMetByMustBeAddresses() {
        assertThat(refused("{\"lastName\": \"A\", \"email\": \"not an address\"}").field()).isEqualTo("email");
        assertThat(refused("{\"lastName\": \"A\", \"metBy\": \"alice\"}").field()).isEqualTo("metBy");
        assertThat(intake.read("{\"lastName\": \"A\", \"email\": \"o'brien%_@example.com\", \"metBy\": \"\"}")).hasSize(1);
    }

    @Test
    void bothAddressLinesTogetherFitStreet() {
        ApiException e = refused(json(Map.of("lastName", "A", "addressLine1", text(200), "addressLine2", text(60))));

        assertThat(e.field()).isEqualTo("addressLine2");
        assertThat(e.getMessage()).contains("Street");
    }

    @Test
    void customIsBounded() {
        Map<String, Object> many = IntStream.range(0, 101).boxed().collect(Collectors.toMap(i -> "k" + i, i -> i));
        assertThat(refused(json(Map.of("lastName", "A", "custom", many))).field()).isEqualTo("custom");
        assertThat(refused(json(Map.of("lastName", "A", "custom", Map.of("big", text(32_001))))).field())
                .isEqualTo("custom.big");
        assertThat(refused(json(Map.of("lastName", "A", "custom", Map.of("a", text(20_000), "b", text(20_000))))).field())
                .isEqualTo("custom");
        assertThat(refused("[{\"lastName\": \"A\"}, {\"lastName\": \"B\", \"custom\": {\"gone\": null}}]").field())
                .isEqualTo("[1].custom.gone");
        assertThat(intake.read(json(Map.of("lastName", "A", "custom", Map.of("Industry__c", "Energy", "seats", 12))))).hasSize(1);
    }

    @Test
    void scalarsAreNotCoerced() {
        ApiException number = refused("{\"firstName\": 123, \"lastName\": \"A\"}");
        assertThat(number.field()).isEqualTo("firstName");
        assertThat(number.getMessage()).isEqualTo("firstName: expected text, got a number");
        assertThat(refused("{\"lastName\": true}").field()).isEqualTo("lastName");
        assertThat(refused("{\"lastName\": \"A\", \"leadScore\": \"5\"}").field()).isEqualTo("leadScore");
        assertThat(refused("{\"lastName\": \"A\", \"leadScore\": 5.5}").getMessage()).contains("whole number");
        assertThat(refused("{\"lastName\": \"A\", \"metOn\": \"\"}").field()).isEqualTo("metOn");
        assertThat(refused("[{\"lastName\": \"A\"}, {\"lastName\": \"B\", \"metOn\": \"tomorrow\"}]").getMessage())
                .isEqualTo("[1].metOn: expected a date (yyyy-mm-dd), got 'tomorrow'");
        assertThat(refused("[{\"lastName\": \"A\"}, 7]").field()).isEqualTo("[1]");
    }

    @Test
    void trailingTokensAndDuplicateFieldsAreRefused() {
        assertThat(refused("{\"lastName\": \"A\"} xyz").getMessage()).startsWith("malformed JSON");
        assertThat(refused("[{\"lastName\": \"A\"}]]").getMessage()).startsWith("malformed JSON");
        assertThat(refused("{\"lastName\": \"A\"} {\"lastName\": \"B\"}").getMessage()).contains("more follows");
        assertThat(refused("{\"lastName\": \"A\", \"lastName\": \"B\"}").getMessage()).contains("lastName");
        assertThat(refused("{\"firstName\": \"Ada\"").getMessage()).startsWith("malformed JSON");
    }

    @Test
    void nullCharactersAndBrokenSurrogatesAreRefusedByField() {
        ApiException escaped = refused("[{\"lastName\": \"A\"}, {\"lastName\": \"B\", \"city\": \"Ber\\u0000lin\"}]");
        ApiException raw = refused("{\"lastName\": \"B\", \"notes\": \"a\u0000b\"}");
        ApiException surrogate = refused("{\"lastName\": \"B\", \"custom\": {\"note\": \"\\ud800\"}}");

        assertThat(escaped.field()).isEqualTo("[1].city");
        assertThat(escaped.getMessage()).contains("null character");
        assertThat(raw.field()).isEqualTo("notes");
        assertThat(surrogate.field()).isEqualTo("custom.note");
    }

    @Test
    void pushBodiesAreJustAsStrict() {
        ApiException decimal = catchThrowableOfType(ApiException.class,
                () -> reader.read(reader.tree("{\"contactIds\": [1.9], \"requestedBy\": \"a@b.io\"}"), PushRequest.class, ""));
        ApiException text = catchThrowableOfType(ApiException.class,
                () -> reader.read(reader.tree("{\"contactIds\": [\"1\"], \"requestedBy\": \"a@b.io\"}"), PushRequest.class, ""));
        ApiException flag = catchThrowableOfType(ApiException.class,
                () -> reader.read(reader.tree("{\"contactIds\": [1], \"dryRun\": \"yes\"}"), PushRequest.class, ""));

        assertThat(decimal.field()).isEqualTo("contactIds[0]");
        assertThat(decimal.getMessage()).isEqualTo("contactIds[0]: expected a whole number, got a decimal number (1.9)");
        assertThat(text.field()).isEqualTo("contactIds[0]");
        assertThat(flag.field()).isEqualTo("dryRun");
        assertThat(List.of(decimal, text, flag)).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("Long", "Boolean", "`"));
    }

    @Test
    void theFieldABodyBreaksOffInIsFound() {
        assertThat(reader.fieldAtEnd("[{\"lastName\": \"A\"}, {\"lastName\": \"B\", \"city\": \"Ber")).isEqualTo("[1].city");
        assertThat(reader.fieldAtEnd("{\"custom\": {\"note\": \"x")).isEqualTo("custom.note");
        assertThat(reader.fieldAtEnd("{")).isNull();
    }
}
