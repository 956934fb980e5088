package io.contactsync.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The org's active Lead and Contact duplicate rules, each comparing a Lead or Contact with the open
 * Leads and the Contacts already in the org. As in Salesforce, records of the same save are not
 * compared with each other. The knob {@link SimulatorSettings#getDuplicateRule()} chooses them:
 * <ul>
 * <li>{@code standard}: the Standard Lead and Contact Duplicate Rules as Salesforce ships them — the
 * standard matching rules ({@link MatchingRule}), action Allow with an alert on create (an API save
 * is refused with {@code allowSave: true} unless {@code Sforce-Duplicate-Rule-Header: allowSave=true}
 * acknowledges it; a user in the UI acknowledges it), Allow with a report only on edit;</li>
 * <li>{@code block}: a rule on the e-mail alone (exact) whose action is Block, on create and edit;</li>
 * <li>{@code allow}: the same e-mail rule with Allow and an alert;</li>
 * <li>{@code off}: no rule.</li>
 * </ul>
 */
final class DuplicateRule {

    static final String MESSAGE = "You're creating a duplicate record. We recommend you use an existing record instead.";
    private static final Set<String> PEOPLE = Set.of("Lead", "Contact");

    private final OrgStore store;
    private final SimulatorSettings settings;

    DuplicateRule(OrgStore store, SimulatorSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    void check(SObjectType type, Map<String, Object> record, WriteContext ctx, boolean create) {
        String mode = settings.getDuplicateRule().toLowerCase(java.util.Locale.ROOT);
        if ("off".equals(mode) || !PEOPLE.contains(type.name())) {
            return;
        }
        boolean standard = "standard".equals(mode);
        boolean allow = standard || "allow".equals(mode);
        if (allow && ctx.allowDuplicateSave() || standard && !create) {
            return;
        }
        List<Map<String, Object>> matchResults = new ArrayList<>();
        for (String entity : List.of("Lead", "Contact")) {
            List<Map<String, Object>> matches = new ArrayList<>();
            for (Map<String, Object> other : standard ? byStandardRule(record, entity) : byEmail(record, entity)) {
                String id = (String) other.get("Id");
                if (id.equals(record.get("Id")) || ctx.saved().contains(id) || Boolean.TRUE.equals(other.get("IsConverted"))) {
                    continue;
                }
                matches.add(match(entity, id, ctx.apiVersion()));
            }
            if (!matches.isEmpty()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("entityType", entity);
                result.put("errorMessage", null);
                result.put("matchEngine", standard ? "FuzzyMatchEngine" : "ExactMatchEngine");
                result.put("matchRecords", matches);
                result.put("rule", standard ? "Standard_" + entity + "_Match_Rule_v1_1" : "Email_" + entity + "_Match_Rule");
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
        detail.put("duplicateRule", standard ? "Standard_" + type.name() + "_Duplicate_Rule"
                : "Email_" + type.name() + "_Duplicate_Rule");
        detail.put("duplicateRuleEntityType", type.name());
        detail.put("errorMessage", standard ? "Use one of these records?" : MESSAGE);
        detail.put("matchResults", matchResults);
        throw new SalesforceError(400, "DUPLICATES_DETECTED", standard ? "Use one of these records?" : MESSAGE, List.of(),
                Map.of("duplicateResut", detail));
    }

    private List<Map<String, Object>> byEmail(Map<String, Object> record, String entity) {
        Object email = record.get("Email");
        if (email == null || email.toString().isBlank()) {
            return List.of();
        }
        return store.lookupAll(entity, "Email", List.of(email.toString()));
    }

    private List<Map<String, Object>> byStandardRule(Map<String, Object> record, String entity) {
        MatchingRule.Person person = MatchingRule.Person.of(record, this::accountName);
        return store.all(entity).stream().filter(other -> MatchingRule.sameKey(person, other))
                .filter(other -> MatchingRule.matches(person, MatchingRule.Person.of(other, this::accountName))).toList();
    }

    private String accountName(Object accountId) {
        Map<String, Object> account = accountId == null ? null : store.get(accountId.toString());
        return account == null ? null : (String) account.get("Name");
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
