package io.contactsync.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard Lead and Contact duplicate rules: a Lead or Contact whose e-mail an open Lead or a
 * Contact already has. As in Salesforce, records of the same save are not compared with each other,
 * only with records already in the org. The knob {@link SimulatorSettings#getDuplicateRule()} sets
 * the action: block, allow (an alert the save may acknowledge) or off.
 */
final class DuplicateRule {

    static final String MESSAGE = "You're creating a duplicate record. We recommend you use an existing record instead.";

    private final OrgStore store;
    private final SimulatorSettings settings;

    DuplicateRule(OrgStore store, SimulatorSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    void check(SObjectType type, Map<String, Object> record, WriteContext ctx) {
        String mode = settings.getDuplicateRule();
        Object email = record.get("Email");
        if ("off".equalsIgnoreCase(mode) || email == null || email.toString().isBlank()
                || !("Lead".equals(type.name()) || "Contact".equals(type.name()))) {
            return;
        }
        boolean allow = "allow".equalsIgnoreCase(mode);
        if (allow && ctx.allowDuplicateSave()) {
            return;
        }
        List<Map<String, Object>> matchResults = new ArrayList<>();
        for (String entity : List.of("Lead", "Contact")) {
            List<Map<String, Object>> matches = new ArrayList<>();
            for (String id : store.lookup(entity, "Email", email.toString())) {
                Map<String, Object> other = store.get(id);
                if (id.equals(record.get("Id")) || ctx.saved().contains(id) || Boolean.TRUE.equals(other.get("IsConverted"))) {
                    continue;
                }
                matches.add(match(entity, id, ctx.apiVersion()));
            }
            if (!matches.isEmpty()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("entityType", entity);
                result.put("errorMessage", null);
                result.put("matchEngine", "ExactMatchEngine");
                result.put("matchRecords", matches);
                result.put("rule", "Standard_" + entity + "_Match_Rule_v1_1");
                result.put("size", matches.size());
                result.put("success", true);
                matchResults.add(result);
            }
        }
        if (matchResults.isEmpty()) {
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("allowSave", allow);
        detail.put("duplicateRule", "Standard_Rule_for_" + type.name() + "s_with_Duplicate_" + type.name() + "s");
        detail.put("duplicateRuleEntityType", type.name());
        detail.put("errorMessage", MESSAGE);
        detail.put("matchResults", matchResults);
        throw new SalesforceError(400, "DUPLICATES_DETECTED", MESSAGE, List.of(), Map.of("duplicateResut", detail));
    }

    private Map<String, Object> match(String entity, String id, String version) {
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("additionalInformation", List.of());
        match.put("fieldDiffs", List.of());
        match.put("matchConfidence", 100.0);
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("attributes", OrgStore.attributes(store.schema().type(entity), version, id));
        ref.put("Id", id);
        match.put("record", ref);
        return match;
    }
}
