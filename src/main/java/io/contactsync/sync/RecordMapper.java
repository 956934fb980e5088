package io.contactsync.sync;

import io.contactsync.config.ContactSyncProperties;
import io.contactsync.mapping.MappingCheck;
import io.contactsync.mapping.MappingTemplate;
import io.contactsync.mapping.MappingTemplates;
import io.contactsync.sync.SyncChunk.Target;
import io.contactsync.sync.SyncItem.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * Turns each open contact of a chunk into the Salesforce record(s) delivery will send. A record whose
 * values do not fit the org's fields (too long, not a number, not an allowed picklist value) fails
 * its contact with the reason and is never sent.
 */
@Component("recordMapper")
public class RecordMapper {

    static final String MAPPING_INVALID = "MAPPING_INVALID";

    private final CamelContext camel;
    private final MappingTemplates templates;
    private final MappingCheck check;
    private final String externalIdField;

    public RecordMapper(CamelContext camel, MappingTemplates templates, MappingCheck check, ContactSyncProperties properties) {
        this.camel = camel;
        this.templates = templates;
        this.check = check;
        String field = properties.salesforce().externalIdField();
        this.externalIdField = field == null || field.isBlank() ? null : field;
    }

    public SyncChunk map(SyncChunk chunk) {
        chunk.open().filter(item -> item.sameEmailAs() == null).forEach(item -> {
            if (item.resync()) {
                resync(item);
            } else if (item.action() == Action.CREATE) {
                create(chunk.target(), item);
                item.pushedAfter(templates.forObject(chunk.target().sObject()).pushView(camel, item.contact()));
            } else if (item.action() == Action.UPDATE) {
                item.pushedAfter(templates.forObject(item.sfObject()).pushView(camel, item.contact()));
                Map<String, Object> record = templates.forObject(item.sfObject())
                        .update(camel, item.contact(), item.existing());
                List<String> misfits = check.fit(item.sfObject(), record, true);
                item.record(record);
                if (!misfits.isEmpty()) {
                    item.fail(MAPPING_INVALID, String.join("; ", misfits));
                }
            }
        });
        return chunk;
    }

    /**
     * An exported contact: the pushed fields that changed here since the record last got them. Nothing
     * changed, nothing is sent: the contact is EXPORTED again as it was.
     */
    private void resync(SyncItem item) {
        MappingTemplate template = templates.forObject(item.sfObject());
        Map<String, Object> now = template.pushView(camel, item.contact());
        Map<String, Object> record = template.changes(now, item.pushedBefore());
        Map<String, Object> after = new java.util.LinkedHashMap<>(item.pushedBefore() == null ? Map.of() : item.pushedBefore());
        record.forEach((field, value) -> {
            if (value == null) {
                after.remove(field);
            } else {
                after.put(field, value);
            }
        });
        item.pushedAfter(after);
        if (record.isEmpty()) {
            item.exported(item.sfObject(), item.sfId());
            return;
        }
        List<String> misfits = check.fit(item.sfObject(), record, true);
        item.record(record);
        item.sendsUpdate(true);
        if (!misfits.isEmpty()) {
            item.fail(MAPPING_INVALID, String.join("; ", misfits));
        } else if (record.isEmpty()) {
            item.exported(item.sfObject(), item.sfId());
        }
    }

    private void create(Target target, SyncItem item) {
        Map<String, Object> record = templates.forObject(target.sObject()).create(camel, item.contact());
        List<String> misfits = new ArrayList<>(check.fit(target.sObject(), record, false));
        if (item.ownerId() != null) {
            record.put("OwnerId", item.ownerId());
        }
        if (externalIdField != null) {
            record.put(externalIdField, item.syncKey());
        }
        item.record(record);
        if (target == Target.ContactWithAccount) {
            Map<String, Object> account = templates.forObject("Account").create(camel, item.contact());
            misfits.addAll(check.fit("Account", account, false));
            item.account(account);
        }
        if (!misfits.isEmpty()) {
            item.fail(MAPPING_INVALID, String.join("; ", misfits));
        }
    }

    /** The external id field records are upserted on, or null to create them plainly. */
    public String externalIdField() {
        return externalIdField;
    }
}
