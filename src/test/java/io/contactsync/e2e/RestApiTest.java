package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Bad input gets a clear 4xx naming the field, and nothing is stored half way. */
class RestApiTest extends EndToEndTest {

    private JsonNode refused(ResponseEntity<String> answer, int status) {
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(status);
        JsonNode body = read(answer.getBody());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        return body;
    }

    private int contactRows() {
        return jdbc.queryForObject("select count(*) from contact", Integer.class);
    }

    /** As the admin, with the exact bytes and Content-Type given; chunked when the length is not told. */
    private ResponseEntity<String> raw(String path, String contentType, byte[] body, boolean chunked) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(anonymous.getRootUri() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(java.time.Duration.ofSeconds(60))
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return ResponseEntity.status(answer.statusCode()).body(answer.body());
        } catch (Exception e) {
            throw new AssertionError(path + " failed", e);
        }
    }

    /**
     * Announces a body of the given length, sends its first bytes and reads the answer: what a client
     * sending 15 MB meets before the rest of its body has left.
     */
    private ResponseEntity<String> announced(long length, String start) {
        URI root = URI.create(anonymous.getRootUri());
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST /api/contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8)) + "\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write((head + start).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            // the server answers before the body is in, and may keep the connection open for the rest of it
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[8192];
            int n;
            while (!(received.indexOf("\r\n\r\n") > 0 && received.lastIndexOf("}") > received.indexOf("\r\n\r\n"))
                    && (n = socket.getInputStream().read(buffer)) > 0) {
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            String answer = received.toString();
            int status = Integer.parseInt(answer.substring(9, 12));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            // a chunked answer: the JSON sits between the chunk sizes
            body = body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
            return ResponseEntity.status(status).body(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("POST /api/contacts failed", e);
        }
    }

    private ResponseEntity<String> raw(String contentType, String body) {
        return raw("/api/contacts", contentType, body.getBytes(StandardCharsets.UTF_8), false);
    }

    private static String email(int length) {
        return "a".repeat(length - "@example.com".length()) + "@example.com";
    }

    @Test
    void storesOneContactOrAnArrayAndShowsItsPendingState() {
        List<Long> one = store(contact("Ada", "Lovelace", "ada@example.com", "Co", null));
        List<Long> many = store("[" + contact("A", "B", null, "Co", null) + "," + contact("C", "D", null, "Co", null) + "]");

        assertThat(one).hasSize(1);
        assertThat(many).hasSize(2);
        JsonNode ada = get("/api/contacts/" + one.get(0));
        assertThat(ada.get("firstName").asText()).isEqualTo("Ada");
        assertThat(ada.get("export").get("status").asText()).isEqualTo("PENDING");
        JsonNode list = get("/api/contacts?status=PENDING&size=2");
        assertThat(list.get("total").asInt()).isEqualTo(3);
        assertThat(list.get("contacts")).hasSize(2);
        JsonNode found = get("/api/contacts?search=lovelace");
        assertThat(found.get("contacts")).hasSize(1);
        assertThat(found.get("total").asInt()).as("total counts what the search finds").isEqualTo(1);
    }

    @Test
    void malformedJsonUnknownFieldsAndWrongTypesAreRefusedByName() {
        assertThat(refused(post("/api/contacts", "{\"firstName\": \"Ada\""), 400).get("error").asText())
                .contains("malformed JSON");
        JsonNode unknown = refused(post("/api/contacts", "{\"firstName\": \"Ada\", \"nickname\": \"A\"}"), 400);
        assertThat(unknown.get("error").asText()).contains("nickname");
        JsonNode wrongType = refused(post("/api/contacts", "[{\"lastName\": \"A\"}, {\"lastName\": \"B\", \"leadScore\": \"high\"}]"), 400);
        assertThat(wrongType.get("field").asText()).isEqualTo("[1].leadScore");
        JsonNode empty = refused(post("/api/contacts", "{\"company\": \"Co\"}"), 400);
        assertThat(empty.get("error").asText()).contains("firstName, lastName or email");
        assertThat(contactRows()).isZero();
    }

    @Test
    void oversizedBatchesAreRefused() {
        String many = "[" + String.join(",", java.util.Collections.nCopies(1001, "{\"lastName\": \"X\"}")) + "]";

        JsonNode body = refused(post("/api/contacts", many), 413);

        assertThat(body.get("error").asText()).contains("at most 1000");
        assertThat(contactRows()).isZero();
    }

    @Test
    void pushesOfUnknownContactsOrWithoutRequesterAreRefusedAndWriteNothing() {
        List<Long> ids = store(contact("Ada", "Lovelace", "ada@example.com", "Co", null));

        JsonNode unknown = refused(post("/api/pushes", "{\"contactIds\": [" + ids.get(0) + ", 999999], \"requestedBy\": \"a@b.io\"}"), 404);
        assertThat(unknown.get("error").asText()).contains("999999");
        assertThat(refused(post("/api/pushes", "{\"contactIds\": [" + ids.get(0) + "]}"), 400).get("field").asText())
                .isEqualTo("requestedBy");
        assertThat(refused(post("/api/pushes", "{\"contactIds\": [], \"requestedBy\": \"a@b.io\"}"), 400).get("field").asText())
                .isEqualTo("contactIds");
        assertThat(refused(post("/api/pushes", "{\"contactIds\": \"all\", \"requestedBy\": \"a@b.io\"}"), 400).get("field").asText())
                .isEqualTo("contactIds");
        assertThat(jdbc.queryForObject("select count(*) from push", Integer.class)).isZero();
        assertThat(export(ids.get(0)).get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void unknownIdsAndBadParametersAnswer4xx() {
        ResponseEntity<String> unknown = http.getForEntity("/api/contacts/424242", String.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        // the answer carries its own headers only: never the caller's credentials or parameters echoed back
        assertThat(unknown.getHeaders().keySet()).map(String::toLowerCase)
                .doesNotContain("authorization", "id", "accept", "user-agent").contains("content-type");
        assertThat(http.getForEntity("/api/contacts/abc", String.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.getForEntity("/api/contacts?status=LOST", String.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.getForEntity("/api/pushes/not-a-uuid", String.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.getForEntity("/api/pushes/00000000-0000-0000-0000-000000000000", String.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void hostileStringsAreStoredAsTheyAreAndCannotWidenTheDuplicateQuery() {
        simulator.create("Lead", java.util.Map.of("LastName", "Victim", "Company", "Co", "Email", "victim@example.com"));
        // with spaces it is no email address and intake refuses it; without, it reaches the duplicate query
        String spaced = "x' OR Email != '@example.com";
        String hostile = "x'OR(Email!='@example.com";
        assertThat(refused(post("/api/contacts", "{\"lastName\": \"Hostile\", \"email\": \"" + spaced + "\"}"), 400)
                .get("field").asText()).isEqualTo("email");
        List<Long> ids = store("[" + contact("O'Brien", "Back\\\\slash", "o'brien%_@example.com", "SELECT Co", null) + ","
                + "{\"lastName\": \"Hostile\", \"company\": \"Co\", \"email\": \"" + hostile + "\"}]");

        JsonNode done = push(ids, "requester@example.com");

        assertThat(get("/api/contacts/" + ids.get(0)).get("firstName").asText()).isEqualTo("O'Brien");
        assertThat(get("/api/contacts/" + ids.get(1)).get("email").asText()).isEqualTo(hostile);
        // the quotes stay inside the SOQL string: no duplicate of the victim is found
        assertThat(export(ids.get(1)).get("status").asText()).isNotEqualTo("DUPLICATE");
        assertThat(export(ids.get(0)).get("status").asText()).isEqualTo("EXPORTED");
        assertThat(done.get("duplicates").asInt()).isZero();
        assertThat(simulator.records("Lead")).extracting(lead -> lead.get("Email")).contains("victim@example.com");
    }

    @Test
    void overlongEmailOrMetByIsRefusedWithTheFieldAndNothingIsStored() {
        String ok = contact("Ada", "Lovelace", "ada@example.com", "Co", null);

        JsonNode email = refused(post("/api/contacts", "{\"lastName\": \"A\", \"email\": \"" + email(6000) + "\"}"), 400);
        JsonNode metBy = refused(post("/api/contacts", "[" + ok + "," + ok + "," + ok + ","
                + contact("Bob", "B", "bob@example.com", "Co", email(6000)) + "]"), 400);

        assertThat(email.get("field").asText()).isEqualTo("email");
        assertThat(email.get("error").asText()).contains("at most 80");
        assertThat(metBy.get("field").asText()).isEqualTo("[3].metBy");
        assertThat(refused(post("/api/contacts", "{\"lastName\": \"" + "x".repeat(81) + "\"}"), 400).get("field").asText())
                .isEqualTo("lastName");
        assertThat(contactRows()).isZero();
    }

    @Test
    void notesAreBoundedAndHugeBodiesAnswer413() {
        JsonNode tooLong = refused(post("/api/contacts", "{\"lastName\": \"A\", \"notes\": \"" + "n".repeat(32_001) + "\"}"), 400);
        JsonNode tooLarge = refused(announced(15_000_040, "{\"lastName\": \"A\", \"notes\": \"nnnn"), 413);
        JsonNode chunked = refused(raw("/api/contacts", "application/json",
                ("[" + String.join(",", Collections.nCopies(200, "{\"lastName\": \"A\", \"notes\": \"" + "n".repeat(30_000)
                        + "\"}")) + "]").getBytes(StandardCharsets.UTF_8), true), 413);

        assertThat(tooLong.get("field").asText()).isEqualTo("notes");
        assertThat(tooLong.get("error").asText()).contains("Description", "32000");
        assertThat(tooLarge.get("error").asText()).contains("max-request-bytes");
        assertThat(chunked.get("error").asText()).contains("max-request-bytes");
        assertThat(contactRows()).isZero();
    }

    @Test
    void theListStaysSmallAndQuickWithNotesAtTheirLimit() {
        String notes = "n".repeat(32_000);
        store("[" + String.join(",", Collections.nCopies(40, "{\"lastName\": \"Long\", \"notes\": \"" + notes + "\"}")) + "]");
        // rows from before the limit: 2 MB of notes each
        jdbc.update("update contact set notes = repeat('n', 2000000) where id <= 20");
        get("/api/contacts?size=10");

        long start = System.nanoTime();
        ResponseEntity<String> answer = http.getForEntity("/api/contacts?size=10", String.class);
        long millis = (System.nanoTime() - start) / 1_000_000;

        JsonNode list = read(answer.getBody());
        System.out.printf("GET /api/contacts?size=10 with 40 long notes: %d ms, %d bytes%n", millis, answer.getBody().length());
        assertThat(list.get("contacts")).hasSize(10).allSatisfy(c -> assertThat(c.get("notes").asText()).hasSize(1_000));
        assertThat(answer.getBody().length()).isLessThan(40_000);
        assertThat(millis).isLessThan(2_000);
        long first = list.get("contacts").get(0).get("id").asLong();
        assertThat(get("/api/contacts/" + first).get("notes").asText()).hasSize(32_000);
        assertThat(get("/api/contacts/1").get("notes").asText()).hasSize(2_000_000);
    }

    @Test
    void badBytesAndBadJsonAnswer4xxWithAJsonErrorAndStoreNothing() {
        byte[] latin1 = "[{\"lastName\": \"A\"}, {\"lastName\": \"Zo\u00eb\"}]".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode invalidUtf8 = refused(raw("/api/contacts", "application/json", latin1, false), 400);
        JsonNode nullByte = refused(raw("application/json", "{\"lastName\": \"A\", \"notes\": \"a\\u0000b\"}"), 400);
        JsonNode trailing = refused(raw("application/json", "{\"lastName\": \"A\"} xyz"), 400);
        JsonNode closing = refused(raw("application/json", "[{\"lastName\": \"A\"}]]"), 400);
        JsonNode number = refused(raw("application/json", "{\"firstName\": 123, \"lastName\": \"A\"}"), 400);
        JsonNode charset = refused(raw("application/json; charset=nonsense", "{\"lastName\": \"A\"}"), 415);
        JsonNode latin = refused(raw("application/json; charset=ISO-8859-1", "{\"lastName\": \"A\"}"), 415);
        JsonNode unparsable = refused(raw(";;;/", "{\"lastName\": \"A\"}"), 415);
        JsonNode text = refused(raw("text/plain", "{\"lastName\": \"A\"}"), 415);

        assertThat(invalidUtf8.get("field").asText()).isEqualTo("[1].lastName");
        assertThat(invalidUtf8.get("error").asText()).contains("UTF-8");
        assertThat(nullByte.get("field").asText()).isEqualTo("notes");
        assertThat(trailing.get("error").asText()).startsWith("malformed JSON");
        assertThat(closing.get("error").asText()).startsWith("malformed JSON");
        assertThat(number.get("error").asText()).isEqualTo("firstName: expected text, got a number");
        assertThat(charset.get("error").asText()).contains("nonsense");
        assertThat(latin.get("error").asText()).contains("UTF-8");
        assertThat(List.of(invalidUtf8, nullByte, trailing, closing, number, charset, latin, unparsable, text))
                .allSatisfy(body -> assertThat(body.get("error").asText())
                        .doesNotContainPattern("java\\.|`|Exception|\\b(Integer|Long)\\b"));
        assertThat(contactRows()).isZero();
        assertThat(store("{\"lastName\": \"Zo\u00eb\"}")).hasSize(1);
    }

    @Test
    void pushIdsMustBeWholeNumbers() {
        List<Long> ids = store(contact("Ada", "Lovelace", "ada@example.com", "Co", null));

        JsonNode decimal = refused(post("/api/pushes", "{\"contactIds\": [" + ids.get(0) + ".9], \"requestedBy\": \"a@b.io\"}"), 400);
        JsonNode trailing = refused(post("/api/pushes", "{\"contactIds\": [" + ids.get(0) + "], \"requestedBy\": \"a@b.io\"}]"), 400);

        assertThat(decimal.get("field").asText()).isEqualTo("contactIds[0]");
        assertThat(decimal.get("error").asText()).contains("whole number");
        assertThat(trailing.get("error").asText()).startsWith("malformed JSON");
        assertThat(jdbc.queryForObject("select count(*) from push", Integer.class)).isZero();
    }
}
