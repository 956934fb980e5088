package io.contactsync.simulator;

import static io.contactsync.simulator.SfHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactsync.simulator.SfHttp.Resp;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's HTTP surface checked against the Salesforce REST API as documented and as recorded,
 * with a plain java.net.http client.
 */
class SimulatorHttpTest extends InMemoryOrgTest {

    static final String USER = "integration@contactsync.local";
    static final String PASSWORD = "simulator";
    static final Pattern ID_URL = Pattern.compile(".*/id/(00D[A-Za-z0-9]{15})/(005[A-Za-z0-9]{15})$");
    static final Pattern LIMIT_INFO = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    SfHttp sf;
    final AtomicInteger seq = new AtomicInteger();



    @BeforeEach
    void freshState() {
        SimulatorSettings s = simulator.settings();
        s.setLatency(Duration.ZERO);
        s.setLatencyPerRecord(Duration.ZERO);
        s.setFaultRate(0);
        s.setLockRowRate(0);
        s.setDailyApiLimit(100_000);
        s.setTokenLifetime(Duration.ofHours(2));
        s.setDuplicateRule("block");
        s.setAssignmentRule(true);
        s.setMaxRequestBytes(16_384);
        simulator.reset();
        simulator.resetCounters();
        sf = new SfHttp(simulator.loginUrl()).login();
    }

    // --- helpers ---------------------------------------------------------------------------

    Map<String, Object> lead(String lastName) {
        int n = seq.incrementAndGet();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FirstName", "Fn" + n);
        m.put("LastName", lastName);
        m.put("Company", "Company " + lastName + " " + n);
        m.put("Email", "lead" + n + "." + Math.abs(lastName.hashCode()) + "@example.com");
        return m;
    }

    Map<String, Object> withType(String type, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attributes", Map.of("type", type));
        m.putAll(fields);
        return m;
    }

    String createLead(Map<String, Object> fields, String... headers) {
        Resp r = sf.post(sf.data("/sobjects/Lead"), fields, headers);
        assertThat(r.status()).as("create %s: %s", fields, r).isEqualTo(201);
        return r.json().get("id").asText();
    }

    String userId(String username) {
        return simulator.records("User").stream()
                .filter(u -> username.equalsIgnoreCase(String.valueOf(u.get("Username"))))
                .map(u -> String.valueOf(u.get("Id")))
                .findFirst().orElseThrow(() -> new AssertionError("no seeded user " + username));
    }

    static JsonNode firstError(Resp r) {
        JsonNode body = r.json();
        assertThat(body.isArray()).as("error body is a JSON array: %s", r).isTrue();
        assertThat(body.size()).as("errors in %s", r).isGreaterThanOrEqualTo(1);
        return body.get(0);
    }

    static String firstErrorCode(Resp r) {
        JsonNode body = r.json();
        return body.isArray() && body.size() > 0 ? body.get(0).path("errorCode").asText() : null;
    }

    static void assertError(Resp r, int status, String errorCode) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        JsonNode e = firstError(r);
        assertThat(e.path("errorCode").asText()).as("errorCode in %s", r).isEqualTo(errorCode);
        assertThat(e.path("message").isTextual()).as("message in %s", r).isTrue();
    }

    static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static long apiUsage(Resp r) {
        String info = r.header("Sforce-Limit-Info");
        assertThat(info).as("Sforce-Limit-Info on %s", r).isNotNull();
        Matcher m = LIMIT_INFO.matcher(info);
        assertThat(m.matches()).as("Sforce-Limit-Info format: %s", info).isTrue();
        return Long.parseLong(m.group(1));
    }

    // --- OAuth -----------------------------------------------------------------------------

    @Test
    void passwordGrantAnswersTokenInstanceAndIdUrl() {
        Resp r = new SfHttp(simulator.loginUrl()).token(SfHttp.passwordForm(USER, PASSWORD));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(keys(body)).contains("access_token", "instance_url", "id", "token_type", "issued_at", "signature");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("issued_at").asText()).matches("\\d{13}");
        assertThat(body.get("instance_url").asText()).startsWith("http");
        Matcher m = ID_URL.matcher(body.get("id").asText());
        assertThat(m.matches()).as("id url %s", body.get("id")).isTrue();
        assertThat(SfHttp.validId(m.group(1))).as("org id checksum").isTrue();
        assertThat(m.group(2)).isEqualTo(userId(USER));
        // the password flow issues no refresh token in Salesforce
        assertThat(body.has("refresh_token")).isFalse();
    }

    @Test
    void wrongPasswordIsInvalidGrantWithExactlyErrorAndDescription() {
        Resp r = new SfHttp(simulator.loginUrl()).token(SfHttp.passwordForm(USER, "wrong"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(keys(r.json())).containsExactlyInAnyOrder("error", "error_description");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(r.json().get("error_description").asText()).isEqualTo("authentication failure");
    }

    @Test
    void unknownUserIsInvalidGrant() {
        Resp r = new SfHttp(simulator.loginUrl()).token(SfHttp.passwordForm("nobody@example.com", PASSWORD));
        assertThat(r.status()).isEqualTo(400);
        assertThat(keys(r.json())).containsExactlyInAnyOrder("error", "error_description");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void inactiveUserCannotLogIn() {
        Resp r = new SfHttp(simulator.loginUrl()).token(SfHttp.passwordForm("ina.former@example.com", PASSWORD));
        assertThat(r.status()).isEqualTo(400);
        assertThat(keys(r.json())).containsExactlyInAnyOrder("error", "error_description");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void unsupportedGrantTypeIsRefused() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "magic");
        form.put("client_id", SfHttp.CLIENT_ID);
        Resp r = new SfHttp(simulator.loginUrl()).token(form);
        assertThat(r.status()).isEqualTo(400);
        assertThat(keys(r.json())).containsExactlyInAnyOrder("error", "error_description");
        assertThat(r.json().get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(r.json().get("error_description").asText()).isEqualTo("grant type not supported");
    }

    @Test
    void missingClientIdIsInvalidClientId() {
        Map<String, String> form = SfHttp.passwordForm(USER, PASSWORD);
        form.remove("client_id");
        Resp r = new SfHttp(simulator.loginUrl()).token(form);
        assertThat(r.status()).isEqualTo(400);
        assertThat(keys(r.json())).containsExactlyInAnyOrder("error", "error_description");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_client_id");
    }

    @Test
    void clientCredentialsGrantGivesAUsableToken() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", SfHttp.CLIENT_ID);
        form.put("client_secret", SfHttp.CLIENT_SECRET);
        form.put("format", "json");
        SfHttp other = new SfHttp(simulator.loginUrl());
        Resp r = other.token(form);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(keys(r.json())).contains("access_token", "instance_url", "id", "token_type", "issued_at");
        assertThat(ID_URL.matcher(r.json().get("id").asText()).matches()).isTrue();
        other.accessToken = r.json().get("access_token").asText();
        other.instanceUrl = SfHttp.stripSlash(r.json().get("instance_url").asText());
        assertThat(other.get(other.query("SELECT Id FROM User")).status()).isEqualTo(200);
    }

    @Test
    void clientCredentialsWithoutSecretIsInvalidClient() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", SfHttp.CLIENT_ID);
        Resp r = new SfHttp(simulator.loginUrl()).token(form);
        assertThat(r.status()).isEqualTo(400);
        assertThat(keys(r.json())).containsExactlyInAnyOrder("error", "error_description");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void jwtBearerGrantForTheIntegrationUser() throws Exception {
        SfHttp other = new SfHttp(simulator.loginUrl());
        Resp r = other.token(jwtForm(USER, Instant.now().plusSeconds(180)));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(keys(body)).contains("access_token", "instance_url", "id", "token_type");
        Matcher m = ID_URL.matcher(body.get("id").asText());
        assertThat(m.matches()).isTrue();
        assertThat(m.group(2)).isEqualTo(userId(USER));
        other.accessToken = body.get("access_token").asText();
        other.instanceUrl = SfHttp.stripSlash(body.get("instance_url").asText());
        assertThat(other.get(other.query("SELECT Id FROM Lead")).status()).isEqualTo(200);
    }

    @Test
    void jwtBearerErrors() throws Exception {
        SfHttp other = new SfHttp(simulator.loginUrl());
        Resp unknownUser = other.token(jwtForm("nobody@example.com", Instant.now().plusSeconds(180)));
        assertThat(unknownUser.status()).isEqualTo(400);
        assertThat(keys(unknownUser.json())).containsExactlyInAnyOrder("error", "error_description");
        assertThat(unknownUser.json().get("error").asText()).isEqualTo("invalid_grant");

        Resp expired = other.token(jwtForm(USER, Instant.now().minusSeconds(600)));
        assertThat(expired.status()).isEqualTo(400);
        assertThat(keys(expired.json())).containsExactlyInAnyOrder("error", "error_description");
        assertThat(expired.json().get("error").asText()).isEqualTo("invalid_grant");

        Map<String, String> garbage = new LinkedHashMap<>();
        garbage.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        garbage.put("assertion", "not-a-jwt");
        Resp bad = other.token(garbage);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(keys(bad.json())).containsExactlyInAnyOrder("error", "error_description");
    }

    private Map<String, String> jwtForm(String subject, Instant exp) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(SfHttp.toJson(Map.of(
                "iss", SfHttp.CLIENT_ID, "sub", subject, "aud", simulator.loginUrl(),
                "exp", exp.getEpochSecond())).getBytes(StandardCharsets.UTF_8));
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(pair.getPrivate());
        sig.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        String jwt = header + "." + claims + "." + b64.encodeToString(sig.sign());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        form.put("assertion", jwt);
        form.put("format", "json");
        return form;
    }

    @Test
    void refreshTokenErrorsHaveTheOAuthShape() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", SfHttp.CLIENT_ID);
        form.put("client_secret", SfHttp.CLIENT_SECRET);
        form.put("refresh_token", "5Aep861-not-a-token");
        form.put("format", "json");
        Resp r = new SfHttp(simulator.loginUrl()).token(form);
        assertThat(r.status()).isEqualTo(400);
        assertThat(keys(r.json())).containsExactlyInAnyOrder("error", "error_description");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(r.json().get("error_description").asText()).isEqualTo("expired access/refresh token");
    }

    @Test
    void refreshTokenGrantWithTheConfiguredToken() {
        String previous = simulator.settings().getRefreshToken();
        simulator.settings().setRefreshToken("5Aep861-test-refresh-token");
        try {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("client_id", SfHttp.CLIENT_ID);
            form.put("client_secret", SfHttp.CLIENT_SECRET);
            form.put("refresh_token", "5Aep861-test-refresh-token");
            form.put("format", "json");
            SfHttp other = new SfHttp(simulator.loginUrl());
            Resp r = other.token(form);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(keys(body)).contains("access_token", "instance_url", "id", "token_type", "issued_at", "signature");
            assertThat(ID_URL.matcher(body.get("id").asText()).matches()).isTrue();
            other.accessToken = body.get("access_token").asText();
            other.instanceUrl = SfHttp.stripSlash(body.get("instance_url").asText());
            assertThat(other.get(other.query("SELECT Id FROM Lead")).status()).isEqualTo(200);
        } finally {
            simulator.settings().setRefreshToken(previous);
        }
    }

    @Test
    void sforceLimitInfoOnSuccessAndErrorAnswers() {
        String id = createLead(lead("Header"));
        List<Resp> answers = List.of(
                sf.get(sf.data("/sobjects")),
                sf.get(sf.data("/sobjects/Lead/describe")),
                sf.get(sf.data("/limits")),
                sf.get(sf.data("/sobjects/Lead/" + id)),
                sf.patch(sf.data("/sobjects/Lead/" + id), Map.of("LastName", "Header2")),
                sf.get(sf.query("SELECT Id FROM Lead")),
                sf.get(sf.query("SELEKT")),
                sf.post(sf.data("/sobjects/Lead"), Map.of("Company", "x")),
                sf.get(sf.data("/sobjects/Lead/" + SfHttp.wrongChecksum(id))),
                sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", List.of(withType("Lead", lead("H2"))))),
                sf.post(sf.data("/composite"), Map.of("allOrNone", false, "compositeRequest", List.of(
                        Map.of("method", "GET", "url", "/services/data/v59.0/sobjects/Lead/" + id, "referenceId", "g")))),
                sf.delete(sf.data("/sobjects/Lead/" + id)));
        for (Resp r : answers) {
            assertThat(r.header("Sforce-Limit-Info")).as("Sforce-Limit-Info on %s", r).matches("api-usage=\\d+/100000");
        }
    }

    @Test
    void stateFileKeepsRecordsAcrossRestarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        SimulatorSettings settings = new SimulatorSettings();
        settings.setPort(0);
        settings.setStateFile(dir.resolve("org.json").toString());
        SalesforceSimulator first = new SalesforceSimulator(settings);
        first.start();
        String id;
        try {
            SfHttp c = new SfHttp(first.loginUrl()).login();
            Resp r = c.post(c.data("/sobjects/Lead"), lead("Persisted"));
            assertThat(r.status()).isEqualTo(201);
            id = r.json().get("id").asText();
        } finally {
            first.stop();
        }
        SimulatorSettings again = new SimulatorSettings();
        again.setPort(0);
        again.setStateFile(dir.resolve("org.json").toString());
        SalesforceSimulator second = new SalesforceSimulator(again);
        second.start();
        try {
            SfHttp c = new SfHttp(second.loginUrl()).login();
            Resp r = c.get(c.data("/sobjects/Lead/" + id));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("LastName").asText()).isEqualTo("Persisted");
            String next = c.post(c.data("/sobjects/Lead"), lead("New")).json().get("id").asText();
            assertThat(next).isNotEqualTo(id);
            assertThat(second.records("User")).hasSize(5);
        } finally {
            second.stop();
        }
    }

    @Test
    void tokenEndpointIsServedOnTheInstanceHostToo() {
        Resp r = sf.token(sf.instanceUrl, SfHttp.passwordForm(USER, PASSWORD));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("access_token")).isTrue();
    }

    @Test
    void userinfoDescribesTheLoggedInUser() {
        Resp r = sf.get("/services/oauth2/userinfo");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("preferred_username").asText()).isEqualTo(USER);
        assertThat(body.get("user_id").asText()).isEqualTo(userId(USER));
        Matcher m = ID_URL.matcher(sf.loginAnswer.get("id").asText());
        assertThat(m.matches()).isTrue();
        assertThat(body.get("organization_id").asText()).isEqualTo(m.group(1));
        assertThat(body.has("email")).isTrue();
    }

    // --- discovery -------------------------------------------------------------------------

    @Test
    void versionsListEntriesHaveVersionLabelUrl() {
        Resp r = sf.get("/services/data/");
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.isArray()).isTrue();
        List<String> versions = new ArrayList<>();
        for (JsonNode v : body) {
            assertThat(keys(v)).containsExactlyInAnyOrder("version", "label", "url");
            assertThat(v.get("url").asText()).isEqualTo("/services/data/v" + v.get("version").asText());
            versions.add(v.get("version").asText());
        }
        assertThat(versions).contains("56.0", "59.0");
        assertThat(sf.get("/services/data").status()).isEqualTo(200);
    }

    @Test
    void resourcesOfAVersion() {
        for (String path : List.of(sf.data("/"), sf.data(""))) {
            Resp r = sf.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("sobjects").asText()).isEqualTo("/services/data/v59.0/sobjects");
            assertThat(body.get("query").asText()).isEqualTo("/services/data/v59.0/query");
            assertThat(body.get("limits").asText()).isEqualTo("/services/data/v59.0/limits");
            assertThat(body.get("composite").asText()).isEqualTo("/services/data/v59.0/composite");
        }
    }

    @Test
    void describeGlobalListsTheObjectsWithKeyPrefixes() {
        Resp r = sf.get(sf.data("/sobjects"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("encoding").asText()).isEqualTo("UTF-8");
        assertThat(body.get("maxBatchSize").asInt()).isEqualTo(200);
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        body.get("sobjects").forEach(o -> byName.put(o.get("name").asText(), o));
        assertThat(byName).containsKeys("Lead", "Contact", "Account", "User", "Task");
        assertThat(byName.get("Lead").get("keyPrefix").asText()).isEqualTo("00Q");
        assertThat(byName.get("Contact").get("keyPrefix").asText()).isEqualTo("003");
        assertThat(byName.get("Account").get("keyPrefix").asText()).isEqualTo("001");
        assertThat(byName.get("User").get("keyPrefix").asText()).isEqualTo("005");
        assertThat(byName.get("Task").get("keyPrefix").asText()).isEqualTo("00T");
        JsonNode lead = byName.get("Lead");
        assertThat(lead.get("createable").asBoolean()).isTrue();
        assertThat(lead.get("queryable").asBoolean()).isTrue();
        assertThat(lead.get("custom").asBoolean()).isFalse();
        assertThat(lead.get("urls").get("sobject").asText()).isEqualTo("/services/data/v59.0/sobjects/Lead");
        assertThat(lead.get("urls").get("describe").asText()).isEqualTo("/services/data/v59.0/sobjects/Lead/describe");
        assertThat(lead.get("urls").get("rowTemplate").asText()).isEqualTo("/services/data/v59.0/sobjects/Lead/{ID}");
        // trailing slash form, as camel-salesforce sends it
        assertThat(sf.get(sf.data("/sobjects/")).status()).isEqualTo(200);
    }

    @Test
    void describeLeadFields() {
        Resp r = sf.get(sf.data("/sobjects/Lead/describe"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("name").asText()).isEqualTo("Lead");
        assertThat(body.get("keyPrefix").asText()).isEqualTo("00Q");
        assertThat(body.get("createable").asBoolean()).isTrue();
        Map<String, JsonNode> f = new LinkedHashMap<>();
        body.get("fields").forEach(x -> f.put(x.get("name").asText(), x));
        assertThat(f).containsKeys("Id", "FirstName", "LastName", "Company", "Email", "Status", "OwnerId",
                "IsConverted", "CreatedDate", "LastModifiedDate", "ContactSyncId__c", "LeadScore__c", "MetOn__c");

        assertThat(f.get("Id").get("type").asText()).isEqualTo("id");
        assertThat(f.get("Id").get("length").asInt()).isEqualTo(18);
        assertThat(f.get("Id").get("createable").asBoolean()).isFalse();

        assertThat(f.get("LastName").get("type").asText()).isEqualTo("string");
        assertThat(f.get("LastName").get("length").asInt()).isEqualTo(80);
        assertThat(f.get("LastName").get("nillable").asBoolean()).isFalse();
        assertThat(f.get("LastName").get("createable").asBoolean()).isTrue();
        assertThat(f.get("LastName").get("updateable").asBoolean()).isTrue();
        assertThat(f.get("FirstName").get("length").asInt()).isEqualTo(40);
        assertThat(f.get("Company").get("type").asText()).isEqualTo("string");
        assertThat(f.get("Company").get("length").asInt()).isEqualTo(255);
        assertThat(f.get("Email").get("type").asText()).isEqualTo("email");
        assertThat(f.get("Email").get("length").asInt()).isEqualTo(80);

        JsonNode status = f.get("Status");
        assertThat(status.get("type").asText()).isEqualTo("picklist");
        assertThat(status.get("restrictedPicklist").asBoolean()).isTrue();
        assertThat(status.get("defaultedOnCreate").asBoolean()).isTrue();
        List<String> values = new ArrayList<>();
        status.get("picklistValues").forEach(v -> {
            assertThat(keys(v)).contains("value", "label", "active", "defaultValue");
            values.add(v.get("value").asText());
        });
        assertThat(values).contains("Open - Not Contacted", "Working - Contacted", "Closed - Converted",
                "Closed - Not Converted");

        JsonNode owner = f.get("OwnerId");
        assertThat(owner.get("type").asText()).isEqualTo("reference");
        assertThat(owner.get("referenceTo").toString()).contains("User");
        assertThat(owner.get("relationshipName").asText()).isEqualTo("Owner");

        assertThat(f.get("CreatedDate").get("type").asText()).isEqualTo("datetime");
        assertThat(f.get("CreatedDate").get("createable").asBoolean()).isFalse();
        assertThat(f.get("CreatedDate").get("updateable").asBoolean()).isFalse();
        assertThat(f.get("IsConverted").get("type").asText()).isEqualTo("boolean");

        JsonNode ext = f.get("ContactSyncId__c");
        assertThat(ext.get("type").asText()).isEqualTo("string");
        assertThat(ext.get("length").asInt()).isEqualTo(64);
        assertThat(ext.get("externalId").asBoolean()).isTrue();
        assertThat(ext.get("custom").asBoolean()).isTrue();
        assertThat(ext.get("idLookup").asBoolean()).isTrue();
        assertThat(f.get("LeadScore__c").get("type").asText()).isEqualTo("double");
        assertThat(f.get("LeadScore__c").get("custom").asBoolean()).isTrue();
        assertThat(f.get("MetOn__c").get("type").asText()).isEqualTo("date");
        assertThat(f.get("LastName").get("externalId").asBoolean()).isFalse();
    }

    @Test
    void describeContactHasTheCustomFieldsToo() {
        Resp r = sf.get(sf.data("/sobjects/Contact/describe/"));
        assertThat(r.status()).isEqualTo(200);
        Map<String, JsonNode> f = new LinkedHashMap<>();
        r.json().get("fields").forEach(x -> f.put(x.get("name").asText(), x));
        assertThat(f.get("ContactSyncId__c").get("externalId").asBoolean()).isTrue();
        assertThat(f.get("ContactSyncId__c").get("length").asInt()).isEqualTo(64);
        assertThat(f.get("LeadScore__c").get("type").asText()).isEqualTo("double");
        assertThat(f.get("MetOn__c").get("type").asText()).isEqualTo("date");
        assertThat(f.get("AccountId").get("type").asText()).isEqualTo("reference");
        assertThat(r.json().get("keyPrefix").asText()).isEqualTo("003");
    }

    @Test
    void describeOfUnknownObjectIsNotFound() {
        Resp r = sf.get(sf.data("/sobjects/PlayingCard__c/describe"));
        assertError(r, 404, "NOT_FOUND");
    }

    @Test
    void limitsShowTheDailyAllowance() {
        simulator.settings().setDailyApiLimit(15_000);
        Resp r = sf.get(sf.data("/limits/"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertThat(e.getValue().get("Max").isNumber()).as(e.getKey()).isTrue();
            assertThat(e.getValue().get("Remaining").isNumber()).as(e.getKey()).isTrue();
        }
        JsonNode daily = body.get("DailyApiRequests");
        assertThat(daily.get("Max").asLong()).isEqualTo(15_000);
        long used = apiUsage(r);
        assertThat(daily.get("Remaining").asLong()).isEqualTo(15_000 - used);
        assertThat(apiUsage(r)).isEqualTo(simulator.apiUsage());
    }

    // --- sObject rows ----------------------------------------------------------------------

    @Test
    void createAnswers201WithIdAndLocation() {
        Resp r = sf.post(sf.data("/sobjects/Lead"), lead("Create"));
        assertThat(r.status()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(keys(body)).containsExactlyInAnyOrder("id", "success", "errors");
        String id = body.get("id").asText();
        assertThat(id).startsWith("00Q").hasSize(18);
        assertThat(SfHttp.validId(id)).as("checksum of %s", id).isTrue();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("errors").isArray() && body.get("errors").isEmpty()).isTrue();
        assertThat(r.header("Location")).isEqualTo("/services/data/v59.0/sobjects/Lead/" + id);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(simulator.records("Lead")).extracting(m -> m.get("Id")).contains(id);
    }

    @Test
    void createDefaultsStatusAndSetsSystemFields() {
        String id = createLead(lead("Defaults"));
        JsonNode rec = sf.get(sf.data("/sobjects/Lead/" + id)).json();
        assertThat(rec.get("Status").asText()).isEqualTo("Open - Not Contacted");
        assertThat(rec.get("IsConverted").asBoolean()).isFalse();
        assertThat(rec.get("CreatedDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(rec.get("CreatedById").asText()).isEqualTo(userId(USER));
    }

    @Test
    void getReturnsAllFieldsOrTheChosenOnes() {
        Map<String, Object> fields = lead("Getter");
        fields.put("LeadScore__c", 42.5);
        fields.put("MetOn__c", "2024-05-01");
        fields.put("ContactSyncId__c", "cs-get-1");
        String id = createLead(fields);
        Resp r = sf.get(sf.data("/sobjects/Lead/" + id));
        assertThat(r.status()).isEqualTo(200);
        JsonNode rec = r.json();
        assertThat(rec.get("attributes").get("type").asText()).isEqualTo("Lead");
        assertThat(rec.get("attributes").get("url").asText()).isEqualTo("/services/data/v59.0/sobjects/Lead/" + id);
        assertThat(rec.get("Id").asText()).isEqualTo(id);
        assertThat(rec.get("LastName").asText()).isEqualTo("Getter");
        assertThat(rec.get("LeadScore__c").isNumber()).isTrue();
        assertThat(rec.get("LeadScore__c").asDouble()).isEqualTo(42.5);
        assertThat(rec.get("MetOn__c").asText()).isEqualTo("2024-05-01");
        assertThat(rec.has("Phone")).as("unset fields come back as null").isTrue();
        assertThat(rec.get("Phone").isNull()).isTrue();

        Resp some = sf.get(sf.data("/sobjects/Lead/" + id + "?fields=LastName,Email"));
        assertThat(some.status()).isEqualTo(200);
        assertThat(keys(some.json())).contains("LastName", "Email").isSubsetOf("attributes", "Id", "LastName", "Email");

        // a 15-character id is accepted as well
        assertThat(sf.get(sf.data("/sobjects/Lead/" + id.substring(0, 15))).status()).isEqualTo(200);
    }

    @Test
    void getOfUnknownIdIsNotFound() {
        String id15 = "00Q000000000zzz";
        Resp r = sf.get(sf.data("/sobjects/Lead/" + id15 + SfHttp.checksum(id15)));
        assertError(r, 404, "NOT_FOUND");
    }

    @Test
    void updateAnswers204AndChangesTheRecord() {
        String id = createLead(lead("Before"));
        Resp r = sf.patch(sf.data("/sobjects/Lead/" + id), Map.of("LastName", "After", "LeadScore__c", 7));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        JsonNode rec = sf.get(sf.data("/sobjects/Lead/" + id)).json();
        assertThat(rec.get("LastName").asText()).isEqualTo("After");
        assertThat(rec.get("LeadScore__c").asDouble()).isEqualTo(7.0);
    }

    @Test
    void updateWithWrongChecksumIsMalformedId() {
        String id = createLead(lead("Checksum"));
        String bad = SfHttp.wrongChecksum(id);
        Resp r = sf.patch(sf.data("/sobjects/Lead/" + bad), Map.of("LastName", "X"));
        assertError(r, 400, "MALFORMED_ID");
        // "Record ID: …" for custom objects (fixture), "<Object> ID: …" for standard ones
        assertThat(firstError(r).get("message").asText()).matches("(Record|Lead) ID: id value of incorrect type: " + bad);
        assertThat(firstError(r).get("fields").toString()).isEqualTo("[\"Id\"]");
        // nothing changed
        assertThat(sf.get(sf.data("/sobjects/Lead/" + id)).json().get("LastName").asText()).isEqualTo("Checksum");
    }

    @Test
    void updateOfAnUnknownFieldIsInvalidField() {
        String id = createLead(lead("Field"));
        Resp r = sf.patch(sf.data("/sobjects/Lead/" + id), Map.of("Color__c", "Red"));
        assertError(r, 400, "INVALID_FIELD");
        assertThat(firstError(r).get("message").asText()).isEqualTo("No such column 'Color__c' on sobject of type Lead");
    }

    @Test
    void deleteAnswers204ThenEntityIsDeleted() {
        String id = createLead(lead("Deleted"));
        Resp r = sf.delete(sf.data("/sobjects/Lead/" + id));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        Resp again = sf.delete(sf.data("/sobjects/Lead/" + id));
        assertError(again, 404, "ENTITY_IS_DELETED");
        assertThat(firstError(again).get("message").asText()).isEqualTo("entity is deleted");
        assertThat(simulator.records("Lead")).extracting(m -> m.get("Id")).doesNotContain(id);
        assertThat(sf.get(sf.query("SELECT Id FROM Lead WHERE Id = '" + id + "'")).json().get("totalSize").asInt())
                .isZero();
    }

    @Test
    void upsertByExternalIdCreatesThenUpdates() {
        Map<String, Object> fields = lead("Upsert");
        Resp created = sf.patch(sf.data("/sobjects/Lead/ContactSyncId__c/cs-up-1"), fields);
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(keys(body)).containsExactlyInAnyOrder("id", "success", "errors", "created");
        assertThat(body.get("created").asBoolean()).isTrue();
        assertThat(body.get("success").asBoolean()).isTrue();
        String id = body.get("id").asText();
        assertThat(SfHttp.validId(id)).isTrue();
        assertThat(created.header("Location")).isEqualTo("/services/data/v59.0/sobjects/Lead/" + id);

        Resp updated = sf.patch(sf.data("/sobjects/Lead/ContactSyncId__c/cs-up-1"), Map.of("LastName", "Upserted"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("created").asBoolean()).isFalse();
        assertThat(updated.json().get("id").asText()).isEqualTo(id);
        JsonNode rec = sf.get(sf.data("/sobjects/Lead/" + id)).json();
        assertThat(rec.get("LastName").asText()).isEqualTo("Upserted");
        assertThat(rec.get("ContactSyncId__c").asText()).isEqualTo("cs-up-1");
        assertThat(simulator.records("Lead")).hasSize(1);
    }

    @Test
    void upsertMatchingSeveralRecordsAnswers300WithTheirUrls() {
        Map<String, Object> f = new LinkedHashMap<>(lead("Twin"));
        f.put("ContactSyncId__c", "cs-twin");
        String a = simulator.create("Lead", f);
        Map<String, Object> g = new LinkedHashMap<>(lead("Twin"));
        g.put("ContactSyncId__c", "cs-twin");
        String b = simulator.create("Lead", g);
        Resp r = sf.patch(sf.data("/sobjects/Lead/ContactSyncId__c/cs-twin"), Map.of("LastName", "Which"));
        assertThat(r.status()).isEqualTo(300);
        List<String> urls = new ArrayList<>();
        r.json().forEach(u -> urls.add(u.asText()));
        assertThat(urls).containsExactlyInAnyOrder("/services/data/v59.0/sobjects/Lead/" + a,
                "/services/data/v59.0/sobjects/Lead/" + b);
    }

    @Test
    void upsertOnANonExternalIdFieldIsRefused() {
        Resp r = sf.patch(sf.data("/sobjects/Lead/LastName/Smith"), lead("Smith"));
        assertThat(r.status()).isIn(400, 404);
        assertThat(firstError(r).get("errorCode").asText()).isIn("NOT_FOUND", "INVALID_FIELD");
    }

    // --- validation --------------------------------------------------------------------------

    @Test
    void requiredFieldMissing() {
        Map<String, Object> f = lead("Missing");
        f.remove("LastName");
        Resp r = sf.post(sf.data("/sobjects/Lead"), f);
        assertError(r, 400, "REQUIRED_FIELD_MISSING");
        assertThat(firstError(r).get("message").asText()).isEqualTo("Required fields are missing: [LastName]");
        assertThat(firstError(r).get("fields").toString()).isEqualTo("[\"LastName\"]");
        assertThat(simulator.records("Lead")).isEmpty();
    }

    @Test
    void unknownFieldOnCreate() {
        Map<String, Object> f = lead("Pet");
        f.put("FavoritePet__c", "Dog");
        Resp r = sf.post(sf.data("/sobjects/Lead"), f);
        assertError(r, 400, "INVALID_FIELD");
        assertThat(firstError(r).get("message").asText())
                .isEqualTo("No such column 'FavoritePet__c' on sobject of type Lead");
    }

    @Test
    void unknownObjectOnCreateIsNotFound() {
        Resp r = sf.post(sf.data("/sobjects/PlayingCard__c"), Map.of("Name", "Ace of Spades"));
        assertError(r, 404, "NOT_FOUND");
        assertThat(firstError(r).get("message").asText()).isEqualTo("The requested resource does not exist");
    }

    @Test
    void stringTooLong() {
        Map<String, Object> f = lead("x".repeat(81));
        Resp r = sf.post(sf.data("/sobjects/Lead"), f);
        assertError(r, 400, "STRING_TOO_LONG");
        assertThat(firstError(r).get("fields").toString()).isEqualTo("[\"LastName\"]");
        assertThat(firstError(r).get("message").asText()).contains("data value too large").contains("max length=80");
        // exactly 80 is fine
        createLead(lead("y".repeat(80)));
        Map<String, Object> ext = lead("Ext");
        ext.put("ContactSyncId__c", "e".repeat(65));
        assertError(sf.post(sf.data("/sobjects/Lead"), ext), 400, "STRING_TOO_LONG");
    }

    @Test
    void restrictedPicklistRejectsUnknownStatus() {
        Map<String, Object> f = lead("Picky");
        f.put("Status", "Bogus");
        Resp r = sf.post(sf.data("/sobjects/Lead"), f);
        assertError(r, 400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(firstError(r).get("message").asText()).endsWith(": bad value for restricted picklist field: Bogus");
        assertThat(firstError(r).get("fields").toString()).isEqualTo("[\"Status\"]");
        Map<String, Object> ok = lead("Picky2");
        ok.put("Status", "Working - Contacted");
        createLead(ok);
    }

    @Test
    void wrongValueTypesAreRefused() {
        Map<String, Object> f = lead("Typed");
        f.put("LeadScore__c", "lots");
        Resp r = sf.post(sf.data("/sobjects/Lead"), f);
        assertThat(r.status()).isEqualTo(400);
        assertThat(firstError(r).get("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");
        Map<String, Object> g = lead("Dated");
        g.put("MetOn__c", "yesterday");
        Resp d = sf.post(sf.data("/sobjects/Lead"), g);
        assertThat(d.status()).isEqualTo(400);
        assertThat(firstError(d).get("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");
    }

    @Test
    void bodyThatIsNotJsonIsJsonParserError() {
        Resp r = sf.post(sf.data("/sobjects/Lead"), "{LastName=Doe, Company=Acme}");
        assertError(r, 400, "JSON_PARSER_ERROR");
    }

    @Test
    void inactiveOwnerIsRefused() {
        Map<String, Object> f = lead("Orphan");
        f.put("OwnerId", userId("ina.former@example.com"));
        Resp r = sf.post(sf.data("/sobjects/Lead"), f, "Sforce-Auto-Assign", "FALSE");
        assertError(r, 400, "INACTIVE_OWNER_OR_USER");
    }

    // --- duplicate and assignment rules -----------------------------------------------------

    @Test
    void duplicateRuleBlocksAndNamesTheMatch() {
        Map<String, Object> f = lead("Dupe");
        String first = createLead(f);
        Resp r = sf.post(sf.data("/sobjects/Lead"), f);
        assertError(r, 400, "DUPLICATES_DETECTED");
        JsonNode dup = firstError(r).get("duplicateResut");
        assertThat(dup).as("duplicateResut detail in %s", r).isNotNull();
        assertThat(dup.get("allowSave").asBoolean()).isFalse();
        assertThat(dup.get("duplicateRuleEntityType").asText()).isEqualTo("Lead");
        assertThat(dup.get("duplicateRule").isTextual()).isTrue();
        JsonNode match = dup.get("matchResults").get(0);
        assertThat(match.get("entityType").asText()).isEqualTo("Lead");
        List<String> ids = new ArrayList<>();
        match.get("matchRecords").forEach(m -> ids.add(m.get("record").get("Id").asText()));
        assertThat(ids).containsExactly(first);
        // blocking rules ignore allowSave
        Resp again = sf.post(sf.data("/sobjects/Lead"), f, "Sforce-Duplicate-Rule-Header", "allowSave=true");
        assertError(again, 400, "DUPLICATES_DETECTED");
        assertThat(simulator.records("Lead")).hasSize(1);
    }

    @Test
    void duplicateRuleMatchesEmailCaseInsensitively() {
        Map<String, Object> f = lead("Dupe");
        createLead(f);
        Map<String, Object> g = new LinkedHashMap<>(f);
        g.put("Email", f.get("Email").toString().toUpperCase());
        assertError(sf.post(sf.data("/sobjects/Lead"), g), 400, "DUPLICATES_DETECTED");
    }

    @Test
    void allowRuleAlertsUnlessAllowSaveIsSent() {
        simulator.settings().setDuplicateRule("allow");
        Map<String, Object> f = lead("Allowed");
        createLead(f);
        Resp alerted = sf.post(sf.data("/sobjects/Lead"), f);
        assertError(alerted, 400, "DUPLICATES_DETECTED");
        assertThat(firstError(alerted).get("duplicateResut").get("allowSave").asBoolean()).isTrue();
        Resp saved = sf.post(sf.data("/sobjects/Lead"), f, "Sforce-Duplicate-Rule-Header", "allowSave=true");
        assertThat(saved.status()).isEqualTo(201);
        assertThat(simulator.records("Lead")).hasSize(2);
    }

    @Test
    void duplicateRuleOff() {
        simulator.settings().setDuplicateRule("off");
        Map<String, Object> f = lead("Twice");
        createLead(f);
        createLead(f);
        assertThat(simulator.records("Lead")).hasSize(2);
    }

    @Test
    void duplicateRuleInCollectionsGivesPerRecordError() {
        Map<String, Object> f = lead("DupeColl");
        String first = createLead(f);
        Resp r = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false,
                "records", List.of(withType("Lead", f), withType("Lead", lead("Fresh")))));
        assertThat(r.status()).isEqualTo(200);
        JsonNode res = r.json();
        assertThat(res.get(0).get("success").asBoolean()).isFalse();
        assertThat(res.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("DUPLICATES_DETECTED");
        assertThat(res.get(1).get("success").asBoolean()).isTrue();
        assertThat(first).isNotNull();
    }

    @Test
    void assignmentRuleSetsTheRouterAsOwnerUnlessAutoAssignIsFalse() {
        String alice = userId("alice.seller@example.com");
        String router = userId("lead.router@contactsync.local");
        Map<String, Object> a = lead("Assigned");
        a.put("OwnerId", alice);
        String assigned = createLead(a);
        assertThat(sf.get(sf.data("/sobjects/Lead/" + assigned)).json().get("OwnerId").asText()).isEqualTo(router);

        Map<String, Object> b = lead("Kept");
        b.put("OwnerId", alice);
        String kept = createLead(b, "Sforce-Auto-Assign", "FALSE");
        assertThat(sf.get(sf.data("/sobjects/Lead/" + kept)).json().get("OwnerId").asText()).isEqualTo(alice);

        String defaulted = createLead(lead("Default"), "Sforce-Auto-Assign", "FALSE");
        assertThat(sf.get(sf.data("/sobjects/Lead/" + defaulted)).json().get("OwnerId").asText())
                .isEqualTo(userId(USER));
    }

    @Test
    void assignmentRuleAppliesInCollectionsAndNotWhenSwitchedOff() {
        String alice = userId("alice.seller@example.com");
        String router = userId("lead.router@contactsync.local");
        Map<String, Object> a = lead("CollAssigned");
        a.put("OwnerId", alice);
        Resp r = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", List.of(withType("Lead", a))));
        String id = r.json().get(0).get("id").asText();
        assertThat(sf.get(sf.data("/sobjects/Lead/" + id)).json().get("OwnerId").asText()).isEqualTo(router);

        simulator.settings().setAssignmentRule(false);
        Map<String, Object> b = lead("NoRule");
        b.put("OwnerId", alice);
        String kept = createLead(b);
        assertThat(sf.get(sf.data("/sobjects/Lead/" + kept)).json().get("OwnerId").asText()).isEqualTo(alice);
    }

    // --- sObject collections -----------------------------------------------------------------

    @Test
    void collectionCreateAnswersPerRecordInInputOrder() {
        Map<String, Object> bad = lead("Bad");
        bad.remove("LastName");
        List<Map<String, Object>> records = List.of(withType("Lead", lead("One")), withType("Lead", bad),
                withType("Lead", lead("Three")));
        Resp r = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", records));
        assertThat(r.status()).isEqualTo(200);
        JsonNode res = r.json();
        assertThat(res.size()).isEqualTo(3);
        assertThat(res.get(0).get("success").asBoolean()).isTrue();
        assertThat(SfHttp.validId(res.get(0).get("id").asText())).isTrue();
        assertThat(res.get(0).get("errors").isEmpty()).isTrue();
        assertThat(res.get(1).get("success").asBoolean()).isFalse();
        JsonNode err = res.get(1).get("errors").get(0);
        assertThat(keys(err)).contains("statusCode", "message", "fields");
        assertThat(err.get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(err.get("fields").toString()).isEqualTo("[\"LastName\"]");
        assertThat(res.get(2).get("success").asBoolean()).isTrue();
        Map<String, String> lastNameById = new LinkedHashMap<>();
        simulator.records("Lead").forEach(m -> lastNameById.put((String) m.get("Id"), (String) m.get("LastName")));
        assertThat(lastNameById.get(res.get(0).get("id").asText())).isEqualTo("One");
        assertThat(lastNameById.get(res.get(2).get("id").asText())).isEqualTo("Three");
        assertThat(lastNameById).hasSize(2);
    }

    @Test
    void collectionAllOrNoneRollsEverythingBack() {
        Map<String, Object> bad = lead("Bad");
        bad.put("Status", "Bogus");
        List<Map<String, Object>> records = List.of(withType("Lead", lead("A")), withType("Lead", bad),
                withType("Lead", lead("C")));
        Resp r = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", true, "records", records));
        assertThat(r.status()).isEqualTo(200);
        JsonNode res = r.json();
        assertThat(res.size()).isEqualTo(3);
        for (int i : new int[] {0, 2}) {
            assertThat(res.get(i).get("success").asBoolean()).isFalse();
            assertThat(res.get(i).get("errors").get(0).get("statusCode").asText())
                    .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        }
        assertThat(res.get(1).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(simulator.records("Lead")).isEmpty();
    }

    @Test
    void collectionOfMoreThan200IsRefused() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            records.add(withType("Lead", lead("Many" + i)));
        }
        Resp r = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", records));
        assertError(r, 400, "EXCEEDED_ID_LIMIT");
        assertThat(simulator.records("Lead")).isEmpty();

        Resp ok = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", records.subList(0, 200)));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().size()).isEqualTo(200);
        assertThat(simulator.records("Lead")).hasSize(200);
    }

    @Test
    void collectionRecordsNeedAType() {
        Resp r = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", List.of(lead("Typeless"))));
        assertThat(r.status()).isIn(200, 400);
        String code = r.status() == 400 ? firstError(r).get("errorCode").asText()
                : r.json().get(0).get("errors").get(0).get("statusCode").asText();
        assertThat(code).isIn("INVALID_TYPE", "JSON_PARSER_ERROR", "INVALID_FIELD");
        assertThat(simulator.records("Lead")).isEmpty();
    }

    @Test
    void collectionUpsertReportsCreatedFlag() {
        Map<String, Object> a = lead("UpA");
        a.put("ContactSyncId__c", "cs-coll-a");
        Map<String, Object> b = lead("UpB");
        b.put("ContactSyncId__c", "cs-coll-b");
        sf.patch(sf.data("/sobjects/Lead/ContactSyncId__c/cs-coll-a"), Map.of("LastName", "UpA0", "Company", "X"));
        Resp r = sf.patch(sf.data("/composite/sobjects/Lead/ContactSyncId__c"),
                Map.of("allOrNone", false, "records", List.of(withType("Lead", a), withType("Lead", b))));
        assertThat(r.status()).isEqualTo(200);
        JsonNode res = r.json();
        assertThat(res.size()).isEqualTo(2);
        assertThat(keys(res.get(0))).contains("id", "success", "errors", "created");
        assertThat(res.get(0).get("created").asBoolean()).isFalse();
        assertThat(res.get(1).get("created").asBoolean()).isTrue();
        assertThat(res.get(0).get("success").asBoolean()).isTrue();
        assertThat(simulator.records("Lead")).hasSize(2);
        assertThat(simulator.records("Lead")).extracting(m -> m.get("LastName")).containsExactlyInAnyOrder("UpA", "UpB");
    }

    @Test
    void collectionUpdateAndRetrieveAndDelete() {
        String a = createLead(lead("Ua"));
        String b = createLead(lead("Ub"));
        Resp u = sf.patch(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", List.of(
                withType("Lead", Map.of("Id", a, "LastName", "Ua2")),
                withType("Lead", Map.of("Id", SfHttp.wrongChecksum(b), "LastName", "Ub2")))));
        assertThat(u.status()).isEqualTo(200);
        assertThat(u.json().get(0).get("success").asBoolean()).isTrue();
        assertThat(u.json().get(0).get("id").asText()).isEqualTo(a);
        assertThat(u.json().get(1).get("success").asBoolean()).isFalse();
        assertThat(u.json().get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("MALFORMED_ID");

        String missing15 = "00Q000000000zzz";
        String missing = missing15 + SfHttp.checksum(missing15);
        Resp g = sf.get(sf.data("/composite/sobjects/Lead?ids=" + a + "," + missing + "," + b + "&fields=LastName,Email"));
        assertThat(g.status()).isEqualTo(200);
        JsonNode recs = g.json();
        assertThat(recs.size()).isEqualTo(3);
        assertThat(recs.get(0).get("attributes").get("url").asText()).endsWith("/sobjects/Lead/" + a);
        assertThat(recs.get(0).get("LastName").asText()).isEqualTo("Ua2");
        assertThat(keys(recs.get(0))).contains("attributes", "LastName", "Email").isSubsetOf("attributes", "Id", "LastName", "Email");
        assertThat(recs.get(1).isNull()).as("unknown id answers null in place").isTrue();
        assertThat(recs.get(2).get("LastName").asText()).isEqualTo("Ub");

        Resp d = sf.delete(sf.data("/composite/sobjects?ids=" + a + "," + b + "&allOrNone=false"));
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.json().size()).isEqualTo(2);
        assertThat(d.json().get(0).get("id").asText()).isEqualTo(a);
        assertThat(d.json().get(0).get("success").asBoolean()).isTrue();
        assertThat(d.json().get(1).get("id").asText()).isEqualTo(b);
        assertThat(simulator.records("Lead")).isEmpty();

        Resp d2 = sf.delete(sf.data("/composite/sobjects?ids=" + a + "&allOrNone=false"));
        assertThat(d2.json().get(0).get("success").asBoolean()).isFalse();
        assertThat(d2.json().get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("ENTITY_IS_DELETED");
    }

    @Test
    void collectionDeleteWithoutIds() {
        Resp r = sf.delete(sf.data("/composite/sobjects"));
        assertError(r, 400, "REQUIRED_FIELD_MISSING");
        assertThat(firstError(r).get("message").asText()).isEqualTo("At least 1 Id is required.");
    }

    @Test
    void lockRowFailuresAreInjectedPerRecord() {
        simulator.failNext(1, "UNABLE_TO_LOCK_ROW");
        Resp r = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records",
                List.of(withType("Lead", lead("L1")), withType("Lead", lead("L2")), withType("Lead", lead("L3")))));
        assertThat(r.status()).isEqualTo(200);
        int failed = 0;
        for (JsonNode res : r.json()) {
            if (!res.get("success").asBoolean()) {
                failed++;
                assertThat(res.get("errors").get(0).get("statusCode").asText()).isEqualTo("UNABLE_TO_LOCK_ROW");
                assertThat(res.get("errors").get(0).get("message").asText()).contains("unable to obtain exclusive access");
            }
        }
        assertThat(failed).isEqualTo(1);
        assertThat(simulator.records("Lead")).hasSize(2);

        simulator.settings().setLockRowRate(1.0);
        Resp all = sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records",
                List.of(withType("Lead", lead("L4")), withType("Lead", lead("L5")))));
        assertThat(all.json()).allSatisfy(res -> assertThat(res.get("success").asBoolean()).isFalse());
        assertThat(simulator.records("Lead")).hasSize(2);
    }

    // --- composite ---------------------------------------------------------------------------

    @Test
    void compositeWithReferences() {
        String v = "/services/data/v59.0";
        List<Map<String, Object>> subs = List.of(
                Map.of("method", "POST", "url", v + "/sobjects/Account", "referenceId", "acct",
                        "body", Map.of("Name", "Composite Co")),
                Map.of("method", "POST", "url", v + "/sobjects/Contact", "referenceId", "ct",
                        "body", Map.of("LastName", "Ref", "Email", "ref@example.com", "AccountId", "@{acct.id}")),
                Map.of("method", "GET", "url", v + "/sobjects/Contact/@{ct.id}?fields=AccountId,LastName",
                        "referenceId", "back"));
        Resp r = sf.post(sf.data("/composite"), Map.of("allOrNone", true, "compositeRequest", subs));
        assertThat(r.status()).isEqualTo(200);
        JsonNode res = r.json().get("compositeResponse");
        assertThat(res.size()).isEqualTo(3);
        JsonNode acct = res.get(0);
        assertThat(acct.get("referenceId").asText()).isEqualTo("acct");
        assertThat(acct.get("httpStatusCode").asInt()).isEqualTo(201);
        String acctId = acct.get("body").get("id").asText();
        assertThat(acctId).startsWith("001");
        assertThat(acct.get("httpHeaders").get("Location").asText()).isEqualTo(v + "/sobjects/Account/" + acctId);
        assertThat(res.get(1).get("httpStatusCode").asInt()).isEqualTo(201);
        String ctId = res.get(1).get("body").get("id").asText();
        assertThat(ctId).startsWith("003");
        JsonNode back = res.get(2);
        assertThat(back.get("httpStatusCode").asInt()).isEqualTo(200);
        assertThat(back.get("body").get("AccountId").asText()).isEqualTo(acctId);
        assertThat(back.get("body").get("LastName").asText()).isEqualTo("Ref");
        assertThat(back.get("body").get("attributes").get("url").asText()).endsWith("/sobjects/Contact/" + ctId);
    }

    @Test
    void compositeAllOrNoneFailureHaltsAndRollsBack() {
        String v = "/services/data/v59.0";
        Map<String, Object> bad = lead("BadComposite");
        bad.remove("LastName");
        List<Map<String, Object>> subs = List.of(
                Map.of("method", "POST", "url", v + "/sobjects/Lead", "referenceId", "good", "body", lead("GoodComposite")),
                Map.of("method", "POST", "url", v + "/sobjects/Lead", "referenceId", "bad", "body", bad),
                Map.of("method", "GET", "url", v + "/sobjects/Lead/@{good.id}", "referenceId", "after"));
        Resp r = sf.post(sf.data("/composite"), Map.of("allOrNone", true, "compositeRequest", subs));
        assertThat(r.status()).isEqualTo(200);
        JsonNode res = r.json().get("compositeResponse");
        assertThat(res.size()).isEqualTo(3);
        assertThat(res.get(0).get("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(res.get(0).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(res.get(1).get("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(res.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(res.get(2).get("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(res.get(2).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(simulator.records("Lead")).isEmpty();
    }

    @Test
    void compositeOfMoreThan25SubrequestsIsRefused() {
        List<Map<String, Object>> subs = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            subs.add(Map.of("method", "POST", "url", "/services/data/v59.0/sobjects/Lead", "referenceId", "r" + i,
                    "body", lead("C" + i)));
        }
        Resp r = sf.post(sf.data("/composite"), Map.of("allOrNone", false, "compositeRequest", subs));
        assertThat(r.status()).isEqualTo(400);
        assertThat(firstError(r).get("errorCode").isTextual()).isTrue();
        assertThat(simulator.records("Lead")).isEmpty();
        Resp ok = sf.post(sf.data("/composite"), Map.of("allOrNone", false, "compositeRequest", subs.subList(0, 25)));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("compositeResponse").size()).isEqualTo(25);
    }

    // --- query -------------------------------------------------------------------------------

    void seedLeads(int n, String company) {
        for (int i = 0; i < n; i++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("LastName", String.format("Bulk%05d", i));
            f.put("Company", company);
            f.put("Email", "bulk" + i + "@example.com");
            f.put("Status", "Open - Not Contacted");
            simulator.create("Lead", f);
        }
    }

    @Test
    void queryPagesOf2000WithNextRecordsUrl() {
        seedLeads(4500, "Paging Inc");
        Resp first = sf.get(sf.query("SELECT Id, LastName FROM Lead WHERE Company = 'Paging Inc'"));
        assertThat(first.status()).isEqualTo(200);
        JsonNode p1 = first.json();
        assertThat(p1.get("totalSize").asInt()).isEqualTo(4500);
        assertThat(p1.get("done").asBoolean()).isFalse();
        assertThat(p1.get("records").size()).isEqualTo(2000);
        String next = p1.get("nextRecordsUrl").asText();
        Matcher m = Pattern.compile("/services/data/v59\\.0/query/([A-Za-z0-9]+)-2000").matcher(next);
        assertThat(m.matches()).as("nextRecordsUrl %s", next).isTrue();
        String locator = m.group(1);

        Set<String> ids = new HashSet<>();
        p1.get("records").forEach(rec -> ids.add(rec.get("Id").asText()));
        JsonNode p2 = sf.get(next).json();
        assertThat(p2.get("totalSize").asInt()).isEqualTo(4500);
        assertThat(p2.get("done").asBoolean()).isFalse();
        assertThat(p2.get("records").size()).isEqualTo(2000);
        assertThat(p2.get("nextRecordsUrl").asText()).isEqualTo("/services/data/v59.0/query/" + locator + "-4000");
        p2.get("records").forEach(rec -> ids.add(rec.get("Id").asText()));
        JsonNode p3 = sf.get(p2.get("nextRecordsUrl").asText()).json();
        assertThat(p3.get("done").asBoolean()).isTrue();
        assertThat(p3.has("nextRecordsUrl")).as("last page has no nextRecordsUrl").isFalse();
        assertThat(p3.get("records").size()).isEqualTo(500);
        p3.get("records").forEach(rec -> ids.add(rec.get("Id").asText()));
        assertThat(ids).hasSize(4500);
        assertThat(simulator.callCounts().get("queryMore")).isEqualTo(2L);
        assertThat(simulator.callCounts().get("query")).isEqualTo(1L);
    }

    @Test
    void queryMoreWithTrailingSlashAndOtherVersion() {
        seedLeads(2100, "Slash Inc");
        sf.version = "v56.0";
        Resp first = sf.get(sf.data("/query/?q=" + enc("SELECT Id FROM Lead WHERE Company = 'Slash Inc'")));
        assertThat(first.status()).isEqualTo(200);
        String next = first.json().get("nextRecordsUrl").asText();
        assertThat(next).startsWith("/services/data/v56.0/query/").endsWith("-2000");
        assertThat(first.json().get("records").get(0).get("attributes").get("url").asText())
                .startsWith("/services/data/v56.0/sobjects/Lead/");
        Resp second = sf.get(next);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("records").size()).isEqualTo(100);
    }

    @Test
    void unknownQueryLocatorIsRefused() {
        Resp r = sf.get(sf.data("/query/01gXXXXXXXXXXXXXXX-2000"));
        assertError(r, 400, "INVALID_QUERY_LOCATOR");
    }

    @Test
    void queryRecordsCarryAttributesAndOnlyTheSelectedFields() {
        String id = createLead(lead("Shape"));
        Resp r = sf.get(sf.query("SELECT Id, LastName FROM Lead"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(keys(body)).containsExactlyInAnyOrder("totalSize", "done", "records");
        assertThat(body.get("done").asBoolean()).isTrue();
        JsonNode rec = body.get("records").get(0);
        assertThat(keys(rec)).containsExactlyInAnyOrder("attributes", "Id", "LastName");
        assertThat(rec.get("attributes").get("type").asText()).isEqualTo("Lead");
        assertThat(rec.get("attributes").get("url").asText()).isEqualTo("/services/data/v59.0/sobjects/Lead/" + id);
        assertThat(rec.get("Id").asText()).isEqualTo(id);
    }

    @Test
    void countQuery() {
        seedLeads(37, "Count Co");
        Resp r = sf.get(sf.query("SELECT COUNT() FROM Lead WHERE Company = 'Count Co'"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("totalSize").asInt()).isEqualTo(37);
        assertThat(r.json().get("done").asBoolean()).isTrue();
        assertThat(r.json().get("records").isEmpty()).isTrue();
    }

    @Test
    void likeInOrderByLimit() {
        for (String n : List.of("Smith", "Smyth", "Jones", "smithers", "Brown")) {
            createLead(lead(n));
        }
        JsonNode like = sf.get(sf.query("SELECT LastName FROM Lead WHERE LastName LIKE 'sm%' ORDER BY LastName")).json();
        List<String> names = new ArrayList<>();
        like.get("records").forEach(x -> names.add(x.get("LastName").asText()));
        assertThat(names).containsExactly("Smith", "smithers", "Smyth");

        JsonNode in = sf.get(sf.query("SELECT LastName FROM Lead WHERE LastName IN ('Jones', 'BROWN', 'Nobody') ORDER BY LastName DESC")).json();
        names.clear();
        in.get("records").forEach(x -> names.add(x.get("LastName").asText()));
        assertThat(names).containsExactly("Jones", "Brown");

        JsonNode limited = sf.get(sf.query("SELECT LastName FROM Lead ORDER BY LastName ASC LIMIT 2")).json();
        assertThat(limited.get("totalSize").asInt()).isEqualTo(2);
        names.clear();
        limited.get("records").forEach(x -> names.add(x.get("LastName").asText()));
        assertThat(names).containsExactly("Brown", "Jones");

        JsonNode notIn = sf.get(sf.query("SELECT LastName FROM Lead WHERE LastName NOT IN ('Jones') AND (LastName = 'Brown' OR LastName LIKE '%yth')")).json();
        assertThat(notIn.get("totalSize").asInt()).isEqualTo(2);
    }

    @Test
    void lookupQueriesOfTheSyncRoutes() {
        Map<String, Object> open = lead("Open");
        open.put("Email", "open.lead@example.com");
        String openId = createLead(open);
        simulator.create("Lead", Map.of("LastName", "Converted", "Company", "C", "Email", "converted.lead@example.com",
                "Status", "Closed - Converted", "IsConverted", true));
        String account = sf.post(sf.data("/sobjects/Account"), Map.of("Name", "Acme Widgets")).json().get("id").asText();
        String contact = sf.post(sf.data("/sobjects/Contact"), Map.of("LastName", "Contact", "Email", "contact@example.com",
                "AccountId", account)).json().get("id").asText();

        JsonNode leads = sf.get(sf.query("SELECT Id, Email FROM Lead WHERE IsConverted = false AND Email IN "
                + "('OPEN.LEAD@example.com', 'converted.lead@example.com')")).json();
        assertThat(leads.get("totalSize").asInt()).isEqualTo(1);
        assertThat(leads.get("records").get(0).get("Id").asText()).isEqualTo(openId);

        JsonNode users = sf.get(sf.query("SELECT Id, Email FROM User WHERE IsActive = true AND Email IN "
                + "('Alice.Seller@example.com', 'ina.former@example.com', 'bob.closer@example.com')")).json();
        List<String> emails = new ArrayList<>();
        users.get("records").forEach(u -> emails.add(u.get("Email").asText()));
        assertThat(emails).containsExactlyInAnyOrder("alice.seller@example.com", "bob.closer@example.com");

        JsonNode contacts = sf.get(sf.query("SELECT Id, Email FROM Contact WHERE Email IN ('CONTACT@example.com')")).json();
        assertThat(contacts.get("totalSize").asInt()).isEqualTo(1);
        assertThat(contacts.get("records").get(0).get("Id").asText()).isEqualTo(contact);

        JsonNode accounts = sf.get(sf.query("SELECT Id, Name FROM Account WHERE Name IN ('acme widgets', 'Other')")).json();
        assertThat(accounts.get("totalSize").asInt()).isEqualTo(1);
        assertThat(accounts.get("records").get(0).get("Id").asText()).isEqualTo(account);
        assertThat(accounts.get("records").get(0).get("Name").asText()).isEqualTo("Acme Widgets");
    }

    @Test
    void autoAssignHeaderValueIsCaseInsensitive() {
        String alice = userId("alice.seller@example.com");
        Map<String, Object> b = lead("LowerCase");
        b.put("OwnerId", alice);
        String kept = createLead(b, "Sforce-Auto-Assign", "false");
        assertThat(sf.get(sf.data("/sobjects/Lead/" + kept)).json().get("OwnerId").asText()).isEqualTo(alice);
    }

    @Test
    void stringComparisonIsCaseInsensitive() {
        Map<String, Object> f = lead("Casey");
        f.put("Email", "Casey.Mixed@Example.com");
        String id = createLead(f);
        JsonNode r = sf.get(sf.query("SELECT Id, Email FROM Lead WHERE Email = 'casey.mixed@example.COM'")).json();
        assertThat(r.get("totalSize").asInt()).isEqualTo(1);
        assertThat(r.get("records").get(0).get("Id").asText()).isEqualTo(id);
        assertThat(r.get("records").get(0).get("Email").asText()).isEqualTo("Casey.Mixed@Example.com");
        JsonNode kw = sf.get(sf.query("select id from lead where lastname = 'CASEY'")).json();
        assertThat(kw.get("totalSize").asInt()).as("keywords and names are case-insensitive").isEqualTo(1);
    }

    @Test
    void relationshipFieldOwnerEmail() {
        String alice = userId("alice.seller@example.com");
        Map<String, Object> f = lead("Owned");
        f.put("OwnerId", alice);
        String id = createLead(f, "Sforce-Auto-Assign", "FALSE");
        createLead(lead("Other"), "Sforce-Auto-Assign", "FALSE");
        Resp r = sf.get(sf.query("SELECT Id, Owner.Email FROM Lead WHERE Owner.Email = 'alice.seller@example.com'"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("totalSize").asInt()).isEqualTo(1);
        JsonNode rec = body.get("records").get(0);
        assertThat(rec.get("Id").asText()).isEqualTo(id);
        assertThat(rec.get("Owner").get("Email").asText()).isEqualTo("alice.seller@example.com");
        assertThat(rec.get("Owner").get("attributes").get("url").asText()).isEqualTo("/services/data/v59.0/sobjects/User/" + alice);
    }

    @Test
    void userQueryByActiveFlagAndEmail() {
        JsonNode r = sf.get(sf.query("SELECT Id, Username, IsActive FROM User WHERE IsActive = false")).json();
        assertThat(r.get("totalSize").asInt()).isEqualTo(1);
        assertThat(r.get("records").get(0).get("Username").asText()).isEqualTo("ina.former@example.com");
        assertThat(r.get("records").get(0).get("IsActive").isBoolean()).isTrue();
        JsonNode active = sf.get(sf.query("SELECT Id FROM User WHERE IsActive = true")).json();
        assertThat(active.get("totalSize").asInt()).isEqualTo(4);
    }

    @Test
    void numberDateAndDatetimeFilters() {
        Map<String, Object> a = lead("Scored");
        a.put("LeadScore__c", 80);
        a.put("MetOn__c", "2024-05-01");
        createLead(a);
        Map<String, Object> b = lead("Unscored");
        b.put("LeadScore__c", 10);
        b.put("MetOn__c", "2023-01-15");
        createLead(b);
        JsonNode hi = sf.get(sf.query("SELECT LastName, LeadScore__c FROM Lead WHERE LeadScore__c > 50")).json();
        assertThat(hi.get("totalSize").asInt()).isEqualTo(1);
        assertThat(hi.get("records").get(0).get("LeadScore__c").isNumber()).isTrue();
        JsonNode met = sf.get(sf.query("SELECT LastName FROM Lead WHERE MetOn__c >= 2024-01-01")).json();
        assertThat(met.get("totalSize").asInt()).isEqualTo(1);
        assertThat(met.get("records").get(0).get("LastName").asText()).isEqualTo("Scored");
        JsonNode created = sf.get(sf.query("SELECT Id FROM Lead WHERE CreatedDate > 2000-01-01T00:00:00Z")).json();
        assertThat(created.get("totalSize").asInt()).isEqualTo(2);
        Resp quoted = sf.get(sf.query("SELECT Id FROM Lead WHERE CreatedDate > '2000-01-01T00:00:00Z'"));
        assertError(quoted, 400, "INVALID_QUERY_FILTER_OPERATOR");
        JsonNode nulls = sf.get(sf.query("SELECT Id FROM Lead WHERE Phone = null")).json();
        assertThat(nulls.get("totalSize").asInt()).isEqualTo(2);
    }

    @Test
    void escapedQuoteAndBackslashMatchTheStoredValueExactly() {
        Map<String, Object> f = lead("O'Hara \\ Sons");
        String id = createLead(f);
        createLead(lead("OHara Sons"));
        String soql = "SELECT Id, LastName FROM Lead WHERE LastName = 'O\\'Hara \\\\ Sons'";
        JsonNode r = sf.get(sf.query(soql)).json();
        assertThat(r.get("totalSize").asInt()).isEqualTo(1);
        assertThat(r.get("records").get(0).get("Id").asText()).isEqualTo(id);
        assertThat(r.get("records").get(0).get("LastName").asText()).isEqualTo("O'Hara \\ Sons");
    }

    @Test
    void hostileEmailCannotWidenAQuery() {
        for (int i = 0; i < 3; i++) {
            createLead(lead("Victim" + i));
        }
        String hostile = "x@example.com' OR Email != 'x";
        String escaped = hostile.replace("\\", "\\\\").replace("'", "\\'");
        Resp r = sf.get(sf.query("SELECT Id FROM Lead WHERE Email = '" + escaped + "'"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("totalSize").asInt()).isZero();
        Resp likeAll = sf.get(sf.query("SELECT Id FROM Lead WHERE Email IN ('" + escaped + "', 'nobody@example.com')"));
        assertThat(likeAll.json().get("totalSize").asInt()).isZero();
        // an escaped quote does not end the literal: everything up to the next bare quote is the value
        Resp swallowed = sf.get(sf.query("SELECT Id FROM Lead WHERE Email = 'x\\' OR LastName != '"));
        assertThat(swallowed.status()).as("%s", swallowed).isEqualTo(200);
        assertThat(swallowed.json().get("totalSize").asInt()).isZero();
        // an escaped backslash before the closing quote does end it
        Resp backslash = sf.get(sf.query("SELECT Id FROM Lead WHERE LastName = 'Victim0\\\\' OR LastName != '"));
        assertError(backslash, 400, "MALFORMED_QUERY");
    }

    @Test
    void malformedQuery() {
        Resp r = sf.get(sf.query("SELEKT Name FROM Lead"));
        assertError(r, 400, "MALFORMED_QUERY");
        assertThat(firstError(r).get("message").asText()).isEqualTo("unexpected token: SELEKT");
        List<String> accepted = new ArrayList<>();
        for (String bad : List.of("SELECT Id FROM Lead WHERE", "SELECT Id FROM Lead WHERE LastName = 'unterminated",
                "SELECT FROM Lead", "SELECT Id Lead", "SELECT Id FROM Lead WHERE LastName = 'a' AND",
                "SELECT Id FROM Lead LIMIT", "SELECT Id FROM Lead ORDER BY", "SELECT Id, FROM Lead",
                "SELECT Id FROM Lead WHERE LastName IN ('a',)", "SELECT Id FROM Lead WHERE LastName = 'a' garbage")) {
            Resp b = sf.get(sf.query(bad));
            if (b.status() != 400 || !"MALFORMED_QUERY".equals(firstErrorCode(b))) {
                accepted.add(bad + " -> " + b);
            }
        }
        assertThat(accepted).as("malformed SOQL not answered 400 MALFORMED_QUERY").isEmpty();
    }

    @Test
    void unknownColumnAndUnknownObject() {
        Resp r = sf.get(sf.query("SELECT Bacon__c FROM Lead LIMIT 2"));
        assertError(r, 400, "INVALID_FIELD");
        assertThat(firstError(r).get("message").asText()).contains("No such column 'Bacon__c' on entity 'Lead'");
        Resp where = sf.get(sf.query("SELECT Id FROM Lead WHERE Bacon__c = 'x'"));
        assertError(where, 400, "INVALID_FIELD");
        Resp type = sf.get(sf.query("SELECT Id FROM PlayingCard__c"));
        assertError(type, 400, "INVALID_TYPE");
        assertThat(firstError(type).get("message").asText()).contains("sObject type 'PlayingCard__c' is not supported");
    }

    @Test
    void queryWithoutQParameterIsRefused() {
        Resp r = sf.get(sf.data("/query"));
        assertThat(r.status()).isEqualTo(400);
    }

    // --- ids -----------------------------------------------------------------------------------

    @Test
    void idsHaveKeyPrefixesAndValidChecksums() {
        String lead = createLead(lead("Ids"));
        String account = sf.post(sf.data("/sobjects/Account"), Map.of("Name", "Ids Co")).json().get("id").asText();
        String contact = sf.post(sf.data("/sobjects/Contact"), Map.of("LastName", "Ids", "AccountId", account))
                .json().get("id").asText();
        String task = sf.post(sf.data("/sobjects/Task"), Map.of("Subject", "Call", "WhoId", contact)).json().get("id").asText();
        assertThat(lead).startsWith("00Q");
        assertThat(account).startsWith("001");
        assertThat(contact).startsWith("003");
        assertThat(task).startsWith("00T");
        for (String id : List.of(lead, account, contact, task)) {
            assertThat(SfHttp.validId(id)).as(id).isTrue();
        }
        for (Map<String, Object> u : simulator.records("User")) {
            assertThat((String) u.get("Id")).startsWith("005");
            assertThat(SfHttp.validId((String) u.get("Id"))).isTrue();
        }
        String direct = simulator.create("Lead", Map.of("LastName", "Direct", "Company", "D", "IsConverted", true));
        assertThat(SfHttp.validId(direct)).isTrue();
        assertThat(sf.get(sf.data("/sobjects/Lead/" + direct)).json().get("IsConverted").asBoolean()).isTrue();
    }

    @Test
    void malformedIdInQueryFilter() {
        String id = createLead(lead("Q"));
        Resp r = sf.get(sf.query("SELECT Id FROM Lead WHERE Id = '" + SfHttp.wrongChecksum(id) + "'"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(firstError(r).get("errorCode").asText()).isIn("INVALID_QUERY_FILTER_OPERATOR", "MALFORMED_ID");
        JsonNode ok = sf.get(sf.query("SELECT Id FROM Lead WHERE Id = '" + id + "'")).json();
        assertThat(ok.get("totalSize").asInt()).isEqualTo(1);
    }

    // --- limits, sessions, faults -------------------------------------------------------------

    @Test
    void sforceLimitInfoOnEveryDataResponseAndCounting() {
        Resp a = sf.get(sf.query("SELECT Id FROM Lead"));
        Resp b = sf.get(sf.query("SELECT Id FROM Lead"));
        long ua = apiUsage(a);
        long ub = apiUsage(b);
        assertThat(ub).isEqualTo(ua + 1);
        assertThat(a.header("Sforce-Limit-Info")).endsWith("/100000");
        Resp err = sf.get(sf.query("SELEKT"));
        assertThat(apiUsage(err)).isEqualTo(ub + 1);
        Resp created = sf.post(sf.data("/sobjects/Lead"), lead("Counted"));
        assertThat(apiUsage(created)).isEqualTo(ub + 2);
        assertThat(simulator.apiUsage()).isEqualTo(ub + 2);
        // token calls do not count against the allowance
        new SfHttp(simulator.loginUrl()).login();
        assertThat(apiUsage(sf.get(sf.query("SELECT Id FROM Lead")))).isEqualTo(ub + 3);
        simulator.settings().setDailyApiLimit(250_000);
        assertThat(sf.get(sf.data("/sobjects")).header("Sforce-Limit-Info")).endsWith("/250000");
    }

    @Test
    void requestLimitExceededWhenTheAllowanceIsUsedUp() {
        long used = simulator.apiUsage();
        simulator.settings().setDailyApiLimit(used + 2);
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).isEqualTo(200);
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).isEqualTo(200);
        Resp r = sf.get(sf.query("SELECT Id FROM Lead"));
        assertError(r, 403, "REQUEST_LIMIT_EXCEEDED");
        assertThat(firstError(r).get("message").asText()).isEqualTo("TotalRequests Limit exceeded.");
        assertError(sf.post(sf.data("/sobjects/Lead"), lead("Late")), 403, "REQUEST_LIMIT_EXCEEDED");
        assertThat(simulator.records("Lead")).isEmpty();
        // logging in still works
        assertThat(new SfHttp(simulator.loginUrl()).token(SfHttp.passwordForm(USER, PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void revokedTokensAnswer401AndALoginCures() {
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).isEqualTo(200);
        simulator.revokeTokens();
        Resp r = sf.get(sf.query("SELECT Id FROM Lead"));
        assertError(r, 401, "INVALID_SESSION_ID");
        assertThat(firstError(r).get("message").asText()).isEqualTo("Session expired or invalid");
        sf.login();
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).isEqualTo(200);
    }

    @Test
    void missingOrBogusTokenIs401() {
        sf.accessToken = "00D000000000001!bogus";
        assertError(sf.get(sf.query("SELECT Id FROM Lead")), 401, "INVALID_SESSION_ID");
        sf.accessToken = null;
        assertError(sf.get(sf.data("/sobjects/Lead/describe")), 401, "INVALID_SESSION_ID");
    }

    @Test
    void tokensExpireAfterTheirLifetime() throws InterruptedException {
        simulator.settings().setTokenLifetime(Duration.ofMillis(700));
        SfHttp shortLived = new SfHttp(simulator.loginUrl()).login();
        assertThat(shortLived.get(shortLived.query("SELECT Id FROM Lead")).status()).isEqualTo(200);
        Thread.sleep(1200);
        assertError(shortLived.get(shortLived.query("SELECT Id FROM Lead")), 401, "INVALID_SESSION_ID");
    }

    @Test
    void oversizedRequestIsRefusedAndTheLimitIsMeasured() {
        // Salesforce: URI + headers over 16,384 bytes -> 431; the URI alone over the limit -> 414
        String pad = "p".repeat(12_000);
        Resp fits = sf.get(sf.query("SELECT Id FROM Lead WHERE Email = '" + pad + "'"));
        assertThat(fits.status()).isEqualTo(200);
        assertThat(simulator.maxRequestBytesSeen()).isBetween(12_000, 16_384);

        Resp withHeader = sf.get(sf.query("SELECT Id FROM Lead WHERE Email = '" + pad + "'"), "X-Padding", "h".repeat(5_000));
        assertThat(withHeader.status()).isEqualTo(431);
        assertThat(simulator.maxRequestBytesSeen()).isGreaterThan(16_384);

        Resp bigHeader = sf.get(sf.query("SELECT Id FROM Lead"), "X-Padding", "h".repeat(17_000));
        assertThat(bigHeader.status()).isEqualTo(431);

        StringBuilder in = new StringBuilder();
        int i = 0;
        while (in.length() < 17_000) {
            in.append(i++ == 0 ? "" : ",").append("'someone").append(i).append("@example.com'");
        }
        Resp bigUri = sf.get(sf.query("SELECT Id FROM Lead WHERE Email IN (" + in + ")"));
        assertThat(bigUri.status()).isIn(414, 431);
    }

    @Test
    void injected503sAreAnsweredAndThenServiceResumes() {
        simulator.failNext(2, "503");
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).isEqualTo(503);
        assertThat(sf.post(sf.data("/sobjects/Lead"), lead("Unavailable")).status()).isEqualTo(503);
        assertThat(simulator.records("Lead")).isEmpty();
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).isEqualTo(200);
        simulator.settings().setFaultRate(1.0);
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).isEqualTo(503);
        // token calls are not data calls
        assertThat(new SfHttp(simulator.loginUrl()).token(SfHttp.passwordForm(USER, PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void latencyIsApplied() {
        simulator.settings().setLatency(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void callCountersByEndpoint() {
        simulator.resetCounters();
        new SfHttp(simulator.loginUrl()).login();
        String id = createLead(lead("Counter"));
        sf.get(sf.data("/sobjects/Lead/" + id));
        sf.patch(sf.data("/sobjects/Lead/" + id), Map.of("LastName", "Counter2"));
        sf.patch(sf.data("/sobjects/Lead/ContactSyncId__c/cs-count"), lead("Counter3"));
        sf.delete(sf.data("/sobjects/Lead/" + id));
        sf.post(sf.data("/composite/sobjects"), Map.of("allOrNone", false, "records", List.of(withType("Lead", lead("C1")))));
        sf.get(sf.query("SELECT Id FROM Lead"));
        sf.get(sf.data("/sobjects/Lead/describe"));
        sf.get(sf.data("/limits"));
        Map<String, Long> c = simulator.callCounts();
        assertThat(c).containsEntry("token", 1L).containsEntry("sobject-create", 1L).containsEntry("sobject-get", 1L)
                .containsEntry("sobject-update", 1L).containsEntry("sobject-upsert", 1L)
                .containsEntry("sobject-delete", 1L).containsEntry("collections-create", 1L)
                .containsEntry("query", 1L).containsEntry("describe", 1L).containsEntry("limits", 1L);
        assertThat(simulator.totalCalls()).isEqualTo(10L);

        JsonNode admin = sf.get("/__admin/calls").json();
        assertThat(admin.get("total").asLong()).isEqualTo(10L);
        assertThat(admin.get("byEndpoint").get("sobject-create").asLong()).isEqualTo(1L);
        assertThat(admin.get("maxRequestBytes").asInt()).isPositive();
        assertThat(simulator.totalCalls()).as("admin calls are not counted").isEqualTo(10L);
        assertThat(sf.delete("/__admin/calls").status()).isIn(200, 204);
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void adminEndpoints() {
        createLead(lead("Admin"));
        Resp records = sf.get("/__admin/records/Lead");
        assertThat(records.status()).isEqualTo(200);
        assertThat(records.json().isArray()).isTrue();
        assertThat(records.json().get(0).get("LastName").asText()).isEqualTo("Admin");

        Resp patched = sf.patch("/__admin/settings", Map.of("dailyApiLimit", 777, "duplicateRule", "off"));
        assertThat(patched.status()).isIn(200, 204);
        assertThat(simulator.settings().getDailyApiLimit()).isEqualTo(777L);
        assertThat(simulator.settings().getDuplicateRule()).isEqualTo("off");
        JsonNode settings = sf.get("/__admin/settings").json();
        assertThat(settings.get("dailyApiLimit").asLong()).isEqualTo(777L);

        assertThat(sf.post("/__admin/tokens/revoke", "").status()).isIn(200, 204);
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).isEqualTo(401);
        sf.login();

        assertThat(sf.post("/__admin/reset", "").status()).isIn(200, 204);
        assertThat(simulator.records("Lead")).isEmpty();
        assertThat(simulator.records("User")).hasSize(5);
    }

    @Test
    void adminWritesRefuseGet() {
        createLead(lead("Kept"));

        Resp reset = sf.get("/__admin/reset");
        Resp revoke = sf.get("/__admin/tokens/revoke");
        Resp putSettings = sf.send("PUT", "/__admin/settings", Map.of("dailyApiLimit", 1));
        Resp postCalls = sf.post("/__admin/calls", "");

        assertThat(reset.status()).isEqualTo(405);
        assertThat(reset.headers().firstValue("Allow")).hasValue("POST");
        assertThat(reset.json().get("error").asText()).contains("POST");
        assertThat(revoke.status()).isEqualTo(405);
        assertThat(putSettings.status()).isEqualTo(405);
        assertThat(postCalls.status()).isEqualTo(405);
        assertThat(simulator.records("Lead")).as("GET /__admin/reset wipes nothing").hasSize(1);
        assertThat(sf.get(sf.query("SELECT Id FROM Lead")).status()).as("GET revokes no token").isEqualTo(200);
        assertThat(simulator.settings().getDailyApiLimit()).isNotEqualTo(1L);
    }

    @Test
    void resetKeepsSeededUsers() {
        createLead(lead("Gone"));
        simulator.reset();
        assertThat(simulator.records("Lead")).isEmpty();
        assertThat(simulator.records("User")).extracting(u -> u.get("Username")).containsExactlyInAnyOrder(
                "integration@contactsync.local", "alice.seller@example.com", "bob.closer@example.com",
                "ina.former@example.com", "lead.router@contactsync.local");
        assertThat(simulator.records("User")).filteredOn(u -> "ina.former@example.com".equals(u.get("Username")))
                .extracting(u -> u.get("IsActive")).containsExactly(false);
    }
}
