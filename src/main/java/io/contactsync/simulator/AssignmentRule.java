package io.contactsync.simulator;

import java.util.Map;

/** The org's active Lead assignment rule: every new Lead goes to the router user, unless the save says not to run it. */
final class AssignmentRule {

    static final String ROUTER = "lead.router@contactsync.local";

    private final OrgStore store;
    private final SimulatorSettings settings;

    AssignmentRule(OrgStore store, SimulatorSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    void apply(SObjectType type, Map<String, Object> record, WriteContext ctx) {
        if (!"Lead".equals(type.name()) || !ctx.autoAssign() || !settings.isAssignmentRule()) {
            return;
        }
        store.lookup("User", "Username", ROUTER).stream().findFirst().ifPresent(router -> record.put("OwnerId", router));
    }
}
