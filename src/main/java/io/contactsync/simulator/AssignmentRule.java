package io.contactsync.simulator;

import java.util.Map;

/**
 * The org's active Lead assignment rule: every new Lead goes to the router user, or with
 * {@link SimulatorSettings#isAssignmentRuleQueue()} to the queue {@value #QUEUE} (the Lead's OwnerId is
 * then the queue's 00G id, its {@code Owner.Type} 'Queue'), unless the save says not to run it.
 */
final class AssignmentRule {

    static final String ROUTER = "lead.router@contactsync.local";
    static final String QUEUE = "Inbound Leads";

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
        (settings.isAssignmentRuleQueue() ? store.lookup("Group", "Name", QUEUE) : store.lookup("User", "Username", ROUTER))
                .stream().findFirst().ifPresent(owner -> record.put("OwnerId", owner));
    }
}
