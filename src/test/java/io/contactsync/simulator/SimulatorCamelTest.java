package io.contactsync.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.CreateSObjectResult;
import org.apache.camel.component.salesforce.api.dto.Limits;
import org.apache.camel.component.salesforce.api.dto.SObjectDescription;
import org.apache.camel.component.salesforce.api.dto.SObjectField;
import org.apache.camel.component.salesforce.api.dto.UpsertSObjectResult;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real camel-salesforce component (plain CamelContext) driving the simulator over HTTP. */
class SimulatorCamelTest extends InMemoryOrgTest {

    DefaultCamelContext camel;
    ProducerTemplate template;
    int seq;

    @BeforeAll
    void startCamel() throws Exception {
        camel = new DefaultCamelContext();
        SalesforceComponent salesforce = new SalesforceComponent();
        salesforce.setLoginUrl(simulator.loginUrl());
        salesforce.setClientId("camel-test-client");
        salesforce.setClientSecret("camel-test-secret");
        salesforce.setUserName("integration@contactsync.local");
        salesforce.setPassword("simulator");
        salesforce.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("59.0");
        salesforce.setConfig(config);
        camel.addComponent("salesforce", salesforce);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    void stopCamel() {
        if (camel != null) {
            camel.stop();
        }
    }

    @BeforeEach
    void fresh() {
        simulator.settings().setDailyApiLimit(100_000);
        simulator.settings().setFaultRate(0);
        simulator.settings().setDuplicateRule("block");
        simulator.settings().setAssignmentRule(true);
        simulator.reset();
        simulator.resetCounters();
    }

    Map<String, Object> lead(String lastName) {
        seq++;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FirstName", "Camel" + seq);
        m.put("LastName", lastName);
        m.put("Company", "Camel Co " + seq);
        m.put("Email", "camel" + seq + "@example.com");
        return m;
    }

    static String json(Object o) {
        return SfHttp.toJson(o);
    }

    static JsonNode read(Object body) {
        try {
            if (body instanceof InputStream in) {
                return SfHttp.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return SfHttp.JSON.readTree(String.valueOf(body));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static SalesforceException salesforceException(Throwable thrown) {
        assertThat(thrown).as("the call should have failed").isNotNull();
        Throwable t = thrown;
        while (t != null && !(t instanceof SalesforceException)) {
            t = t.getCause();
        }
        assertThat(t).as("SalesforceException in the cause chain of %s", thrown).isNotNull();
        return (SalesforceException) t;
    }

    JsonNode query(String soql) {
        Object body = template.requestBodyAndHeader("salesforce:query?rawPayload=true", null,
                SalesforceEndpointConfig.SOBJECT_QUERY, soql);
        return read(body);
    }

    @Test
    void describesLead() {
        SObjectDescription d = template.requestBody("salesforce:getDescription?sObjectName=Lead", null,
                SObjectDescription.class);
        assertThat(d.getName()).isEqualTo("Lead");
        assertThat(d.getKeyPrefix()).isEqualTo("00Q");
        Map<String, SObjectField> fields = new LinkedHashMap<>();
        d.getFields().forEach(f -> fields.put(f.getName(), f));
        assertThat(fields.get("LastName").getLength()).isEqualTo(80);
        assertThat(fields.get("LastName").getType()).isEqualTo("string");
        assertThat(fields.get("ContactSyncId__c").isExternalId()).isTrue();
        assertThat(fields.get("Status").isRestrictedPicklist()).isTrue();
        assertThat(fields.get("LeadScore__c").getType()).isEqualTo("double");
        assertThat(simulator.callCounts().get("describe")).as("%s", simulator.callCounts()).isEqualTo(1L);
    }

    @Test
    void createsALeadFromAJsonString() {
        Exchange ex = template.request("salesforce:createSObject?sObjectName=Lead",
                e -> e.getIn().setBody(json(lead("Single"))));
        assertThat(ex.getException()).isNull();
        CreateSObjectResult result = ex.getMessage().getBody(CreateSObjectResult.class);
        assertThat(result.getSuccess()).isTrue();
        assertThat(result.getId()).startsWith("00Q").hasSize(18);
        assertThat(SfHttp.validId(result.getId())).isTrue();
        assertThat(simulator.records("Lead")).extracting(m -> m.get("Id")).containsExactly(result.getId());
        assertThat(simulator.records("Lead").get(0).get("LastName")).isEqualTo("Single");
        // Sforce-* response headers reach the Camel message
        assertThat(ex.getMessage().getHeader("Sforce-Limit-Info", String.class)).matches("api-usage=\\d+/100000");
    }

    @Test
    void upsertsByExternalId() {
        UpsertSObjectResult first = template.requestBodyAndHeaders(
                "salesforce:upsertSObject?sObjectName=Lead&sObjectIdName=ContactSyncId__c", json(lead("Up")),
                Map.of(SalesforceEndpointConfig.SOBJECT_EXT_ID_VALUE, "camel-up-1"), UpsertSObjectResult.class);
        assertThat(first.getCreated()).isTrue();
        assertThat(first.getSuccess()).isTrue();
        UpsertSObjectResult second = template.requestBodyAndHeaders(
                "salesforce:upsertSObject?sObjectName=Lead&sObjectIdName=ContactSyncId__c",
                json(Map.of("LastName", "Up2")),
                Map.of(SalesforceEndpointConfig.SOBJECT_EXT_ID_VALUE, "camel-up-1"), UpsertSObjectResult.class);
        assertThat(second.getCreated()).isFalse();
        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(simulator.records("Lead")).hasSize(1);
        assertThat(simulator.records("Lead").get(0).get("LastName")).isEqualTo("Up2");
    }

    @Test
    void createsACollection() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("attributes", Map.of("type", "Lead"));
            m.putAll(lead("Coll" + i));
            records.add(m);
        }
        @SuppressWarnings("unchecked")
        List<SaveSObjectResult> results = template.requestBodyAndHeader(
                "salesforce:compositeCreateSObjectCollections", records,
                SalesforceEndpointConfig.ALL_OR_NONE, false, List.class);
        assertThat(results).hasSize(150);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getSuccess()).isTrue();
            assertThat(r.getId()).startsWith("00Q");
        });
        Set<String> ids = new HashSet<>();
        results.forEach(r -> ids.add(r.getId()));
        assertThat(ids).hasSize(150);
        assertThat(simulator.records("Lead")).hasSize(150);
        assertThat(simulator.callCounts().get("collections-create")).isEqualTo(1L);
    }

    @Test
    void collectionResultsCarryPerRecordErrors() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("attributes", Map.of("type", "Lead"));
        bad.put("Company", "No Name");
        Map<String, Object> good = new LinkedHashMap<>();
        good.put("attributes", Map.of("type", "Lead"));
        good.putAll(lead("Good"));
        @SuppressWarnings("unchecked")
        List<SaveSObjectResult> results = template.requestBodyAndHeader(
                "salesforce:compositeCreateSObjectCollections", List.of(bad, good),
                SalesforceEndpointConfig.ALL_OR_NONE, false, List.class);
        assertThat(results).hasSize(2);
        assertThat(results.get(0).getSuccess()).isFalse();
        assertThat(results.get(0).getErrors().get(0).getErrorCode()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(results.get(0).getErrors().get(0).getFields()).containsExactly("LastName");
        assertThat(results.get(1).getSuccess()).isTrue();
    }

    @Test
    void rawCollectionsCallKeepsDuplicateDetailAndHeaders() {
        String alice = simulator.records("User").stream()
                .filter(u -> "alice.seller@example.com".equals(u.get("Username"))).map(u -> (String) u.get("Id"))
                .findFirst().orElseThrow();
        Map<String, Object> fields = lead("Raw");
        fields.put("OwnerId", alice);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("attributes", Map.of("type", "Lead"));
        rec.putAll(fields);
        String body = json(Map.of("allOrNone", false, "records", List.of(rec)));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Sforce-Auto-Assign", "FALSE");
        Object first = template.requestBodyAndHeaders("salesforce:raw?format=JSON&rawMethod=POST"
                + "&rawPath=/services/data/v59.0/composite/sobjects&rawHttpHeaders=Sforce-Auto-Assign", body, headers);
        JsonNode res = read(first);
        assertThat(res.get(0).get("success").asBoolean()).as("%s", res).isTrue();
        assertThat(simulator.records("Lead").get(0).get("OwnerId")).isEqualTo(alice);

        Object second = template.requestBodyAndHeaders("salesforce:raw?format=JSON&rawMethod=POST"
                + "&rawPath=/services/data/v59.0/composite/sobjects&rawHttpHeaders=Sforce-Auto-Assign", body, headers);
        JsonNode dup = read(second).get(0);
        assertThat(dup.get("success").asBoolean()).isFalse();
        JsonNode err = dup.get("errors").get(0);
        assertThat(err.get("statusCode").asText()).isEqualTo("DUPLICATES_DETECTED");
        assertThat(err.has("duplicateResut")).as("raw result keeps duplicateResut: %s", err).isTrue();
        assertThat(err.get("duplicateResut").get("matchResults").get(0).get("matchRecords").get(0)
                .get("record").get("Id").asText()).isEqualTo(res.get(0).get("id").asText());
    }

    @Test
    void queriesAndFollowsNextRecordsUrl() {
        for (int i = 0; i < 2_300; i++) {
            simulator.create("Lead", Map.of("LastName", "Q" + i, "Company", "Camel Paging", "Status", "Open - Not Contacted"));
        }
        JsonNode page = query("SELECT Id, LastName FROM Lead WHERE Company = 'Camel Paging'");
        assertThat(page.get("totalSize").asInt()).isEqualTo(2_300);
        Set<String> ids = new HashSet<>();
        int pages = 1;
        page.get("records").forEach(r -> ids.add(r.get("Id").asText()));
        while (!page.get("done").asBoolean()) {
            String next = page.get("nextRecordsUrl").asText();
            page = read(template.requestBody("salesforce:queryMore?rawPayload=true", next));
            page.get("records").forEach(r -> ids.add(r.get("Id").asText()));
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(ids).hasSize(2_300);
        assertThat(simulator.callCounts().get("queryMore")).isEqualTo(1L);
    }

    @Test
    void readsLimits() {
        simulator.settings().setDailyApiLimit(12_345);
        Limits limits = template.requestBody("salesforce:limits", null, Limits.class);
        assertThat(limits.getDailyApiRequests().getMax()).isEqualTo(12_345);
        assertThat(limits.getDailyApiRequests().getRemaining()).isLessThanOrEqualTo(12_345).isPositive();
    }

    @Test
    void survivesARevokedToken() {
        query("SELECT Id FROM Lead");
        long tokensBefore = simulator.callCounts().getOrDefault("token", 0L);
        simulator.revokeTokens();
        JsonNode after = query("SELECT COUNT() FROM Lead");
        assertThat(after.get("totalSize").asInt()).isZero();
        assertThat(simulator.callCounts().get("token")).isEqualTo(tokensBefore + 1);
        // the replayed call and the failed one are both served
        assertThat(simulator.callCounts().get("query")).isEqualTo(3L);

        simulator.revokeTokens();
        CreateSObjectResult created = template.requestBody("salesforce:createSObject?sObjectName=Lead",
                json(lead("AfterRevoke")), CreateSObjectResult.class);
        assertThat(created.getSuccess()).isTrue();
        assertThat(simulator.records("Lead")).hasSize(1);
    }

    @Test
    void survivesAnExpiredToken() throws InterruptedException {
        simulator.settings().setTokenLifetime(Duration.ofMillis(500));
        try {
            simulator.revokeTokens();
            query("SELECT Id FROM Lead");
            Thread.sleep(800);
            JsonNode r = query("SELECT Id FROM Lead");
            assertThat(r.get("done").asBoolean()).isTrue();
        } finally {
            simulator.settings().setTokenLifetime(Duration.ofHours(2));
            // leave the component with a long-lived token, so later tests see no re-login
            simulator.revokeTokens();
            query("SELECT Id FROM Lead");
        }
    }

    @Test
    void requiredFieldMissingIsASalesforceException() {
        Map<String, Object> f = lead("x");
        f.remove("LastName");
        Throwable thrown = catchThrowable(() -> template.requestBody("salesforce:createSObject?sObjectName=Lead", json(f)));
        assertThat(thrown).isInstanceOf(CamelExecutionException.class);
        SalesforceException e = salesforceException(thrown);
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getErrors().get(0).getErrorCode()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(e.getErrors().get(0).getFields()).containsExactly("LastName");
    }

    @Test
    void malformedQueryIsASalesforceException() {
        Throwable thrown = catchThrowable(() -> query("SELEKT Id FROM Lead"));
        SalesforceException e = salesforceException(thrown);
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getErrors().get(0).getErrorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getErrors().get(0).getMessage()).isEqualTo("unexpected token: SELEKT");
    }

    @Test
    void exhaustedAllowanceIsRequestLimitExceeded() {
        query("SELECT Id FROM Lead");
        simulator.settings().setDailyApiLimit(simulator.apiUsage());
        Throwable thrown = catchThrowable(() -> query("SELECT Id FROM Lead"));
        SalesforceException e = salesforceException(thrown);
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getErrors().get(0).getErrorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(e.getErrors().get(0).getMessage()).isEqualTo("TotalRequests Limit exceeded.");
    }

    @Test
    void unknownRecordIsNotFound() {
        String id15 = "00Q000000000zzz";
        Throwable thrown = catchThrowable(() -> template.requestBodyAndHeader(
                "salesforce:getSObject?sObjectName=Lead&rawPayload=true", null,
                SalesforceEndpointConfig.SOBJECT_ID, id15 + SfHttp.checksum(id15)));
        SalesforceException e = salesforceException(thrown);
        assertThat(e.getStatusCode()).isEqualTo(404);
    }

    @Test
    void serviceUnavailableIsASalesforceException() {
        simulator.failNext(1, "503");
        Throwable thrown = catchThrowable(() -> query("SELECT Id FROM Lead"));
        SalesforceException e = salesforceException(thrown);
        assertThat(e.getStatusCode()).isEqualTo(503);
        assertThat(query("SELECT Id FROM Lead").get("done").asBoolean()).isTrue();
    }
}
