package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's own API under {@code /__admin}, for tests and benchmarks: call counts, records,
 * reset, token revocation, the knobs, and saves made as another user of the org (a sales rep
 * editing or deleting a record in the UI). Writes answer only to POST, PATCH or DELETE.
 */
final class AdminHandler {

    static final String HELP = "admin endpoints: calls, records/{type}, reset, tokens/revoke, settings, "
            + "as/{username}/records/{type}[/{id}], as/{username}/merge, as/{username}/convert";

    private final SalesforceSimulator simulator;
    private final RecordWriter writer;
    private final RecordMerge merges;
    private final LeadConversion conversions;

    AdminHandler(SalesforceSimulator simulator, RecordWriter writer) {
        this.simulator = simulator;
        this.writer = writer;
        this.merges = new RecordMerge(writer);
        this.conversions = new LeadConversion(writer);
    }

    SimResponse calls(Call call) {
        if ("DELETE".equals(call.request().method())) {
            simulator.resetCounters();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", simulator.totalCalls());
        body.put("byEndpoint", simulator.callCounts());
        body.put("maxRequestBytes", simulator.maxRequestBytesSeen());
        body.put("apiUsage", simulator.apiUsage());
        return SimResponse.json(200, body);
    }

    SimResponse records(Call call) {
        SObjectType type = writer.store().schema().type(call.param(0));
        if (type == null) {
            return SimResponse.json(404, Map.of("error", "no such sObject type"));
        }
        return SimResponse.json(200, simulator.records(type.name()));
    }

    SimResponse reset(Call call) {
        simulator.reset();
        simulator.resetCounters();
        return SimResponse.json(200, Map.of("reset", true));
    }

    SimResponse revokeTokens(Call call) {
        simulator.revokeTokens();
        return SimResponse.json(200, Map.of("revoked", true));
    }

    SimResponse settings(Call call) {
        if (!"GET".equals(call.request().method())) {
            apply(Json.object(call.request()));
        }
        return SimResponse.json(200, knobs());
    }

    /** {@code POST /__admin/as/{username}/records/{type}}: creates a record as that user; rule errors as Salesforce gives them. */
    SimResponse createAs(Call call) {
        try {
            SObjectType type = Bodies.type(writer.store().schema(), call.param(1));
            String id = writer.insert(type, FieldRules.parse(type, Json.object(call.request())), as(call.param(0)));
            return SimResponse.json(201, Bodies.result(id, null));
        } catch (SalesforceError e) {
            return SimResponse.error(e);
        }
    }

    /** {@code PATCH} or {@code DELETE /__admin/as/{username}/records/{type}/{id}}: changes or deletes a record as that user. */
    SimResponse changeAs(Call call) {
        try {
            SObjectType type = Bodies.type(writer.store().schema(), call.param(1));
            String id = SalesforceIds.require(call.param(2), type);
            if ("DELETE".equals(call.request().method())) {
                writer.delete(type, id, as(call.param(0)));
            } else {
                writer.update(type, id, FieldRules.parse(type, Json.object(call.request())), as(call.param(0)));
            }
            return SimResponse.noContent(1);
        } catch (SalesforceError e) {
            return SimResponse.error(e);
        }
    }

    /**
     * {@code POST /__admin/as/{username}/merge}: {@code {"type", "masterId", "loserIds": [1 or 2], "fields"}}
     * merged as that user; answers {@code {"id", "mergedRecordIds", "updatedRelatedIds", "success"}}.
     */
    SimResponse mergeAs(Call call) {
        try {
            RecordMerge.Result result = merges.merge(Json.object(call.request()), as(call.param(0)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", result.id());
            body.put("mergedRecordIds", result.mergedRecordIds());
            body.put("updatedRelatedIds", result.updatedRelatedIds());
            body.put("success", true);
            return SimResponse.json(200, body);
        } catch (SalesforceError e) {
            return SimResponse.error(e);
        }
    }

    /**
     * {@code POST /__admin/as/{username}/convert}: {@code {"leadId", "accountId"?, "contactId"?, "convertedStatus"?}}
     * converted as that user; answers {@code {"leadId", "contactId", "accountId", "success"}}.
     */
    SimResponse convertAs(Call call) {
        try {
            LeadConversion.Result result = conversions.convert(Json.object(call.request()), as(call.param(0)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("leadId", result.leadId());
            body.put("contactId", result.contactId());
            body.put("accountId", result.accountId());
            body.put("success", true);
            return SimResponse.json(200, body);
        } catch (SalesforceError e) {
            return SimResponse.error(e);
        }
    }

    private WriteContext as(String username) {
        OrgStore store = writer.store();
        String userId = store.lookup("User", "Username", username).stream()
                .filter(id -> Boolean.TRUE.equals(store.get(id).get("IsActive"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no active user " + username));
        return WriteContext.user(userId);
    }

    private Map<String, Object> knobs() {
        SimulatorSettings settings = simulator.settings();
        Map<String, Object> knobs = new LinkedHashMap<>();
        knobs.put("latencyMs", settings.getLatency().toMillis());
        knobs.put("latencyPerRecordMs", settings.getLatencyPerRecord().toMillis());
        knobs.put("faultRate", settings.getFaultRate());
        knobs.put("lockRowRate", settings.getLockRowRate());
        knobs.put("dailyApiLimit", settings.getDailyApiLimit());
        knobs.put("apiUsage", simulator.apiUsage());
        knobs.put("tokenLifetimeSeconds", settings.getTokenLifetime().toSeconds());
        knobs.put("duplicateRule", settings.getDuplicateRule());
        knobs.put("assignmentRule", settings.isAssignmentRule());
        knobs.put("assignmentRuleQueue", settings.isAssignmentRuleQueue());
        knobs.put("loginBlocked", settings.isLoginBlocked());
        knobs.put("refreshTokenRotation", settings.isRefreshTokenRotation());
        knobs.put("maxRequestBytes", settings.getMaxRequestBytes());
        return knobs;
    }

    private void apply(Map<String, Object> changes) {
        SimulatorSettings settings = simulator.settings();
        changes.forEach((key, value) -> {
            String text = String.valueOf(value);
            switch (key) {
                case "latencyMs" -> settings.setLatency(Duration.ofMillis(Long.parseLong(text)));
                case "latencyPerRecordMs" -> settings.setLatencyPerRecord(Duration.ofMillis(Long.parseLong(text)));
                case "faultRate" -> settings.setFaultRate(Double.parseDouble(text));
                case "lockRowRate" -> settings.setLockRowRate(Double.parseDouble(text));
                case "dailyApiLimit" -> settings.setDailyApiLimit(Long.parseLong(text));
                case "apiUsage" -> simulator.setApiUsage(Long.parseLong(text));
                case "tokenLifetimeSeconds" -> settings.setTokenLifetime(Duration.ofSeconds(Long.parseLong(text)));
                case "duplicateRule" -> settings.setDuplicateRule(text);
                case "assignmentRule" -> settings.setAssignmentRule(Boolean.parseBoolean(text));
                case "assignmentRuleQueue" -> settings.setAssignmentRuleQueue(Boolean.parseBoolean(text));
                case "loginBlocked" -> settings.setLoginBlocked(Boolean.parseBoolean(text));
                case "refreshTokenRotation" -> settings.setRefreshTokenRotation(Boolean.parseBoolean(text));
                case "maxRequestBytes" -> settings.setMaxRequestBytes(Integer.parseInt(text));
                case "fail503" -> simulator.failNext(Integer.parseInt(text), "503");
                case "failLockRow" -> simulator.failNext(Integer.parseInt(text), "UNABLE_TO_LOCK_ROW");
                case "failRecords" -> {
                    String[] countAndCode = text.split(":", 2);
                    simulator.failNext(Integer.parseInt(countAndCode[0]),
                            countAndCode.length > 1 ? countAndCode[1] : "UNABLE_TO_LOCK_ROW");
                }
                default -> throw new IllegalArgumentException("unknown setting " + key);
            }
        });
    }
}
