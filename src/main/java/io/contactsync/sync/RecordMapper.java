package io.contactsync.sync;

import io.contactsync.config.ContactSyncProperties;
import io.contactsync.mapping.MappingTemplates;
import io.contactsync.sync.SyncChunk.Target;
import io.contactsync.sync.SyncItem.Action;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/** Turns each open contact of a chunk into the Salesforce record(s) delivery will send. */
@Component("recordMapper")
public class RecordMapper {

    private final CamelContext camel;
    private final MappingTemplates templates;
    private final String externalIdField;

    public RecordMapper(CamelContext camel, MappingTemplates templates, ContactSyncProperties properties) {
        this.camel = camel;
        this.templates = templates;
        String field = properties.salesforce().externalIdField();
        this.externalIdField = field == null || field.isBlank() ? null : field;
    }

    public SyncChunk map(SyncChunk chunk) {
        chunk.open().filter(item -> item.sameEmailAs() == null).forEach(item -> {
            if (item.action() == Action.CREATE) {
                Map<String, Object> record = templates.forObject(chunk.target().sObject())
                        .apply(camel, item.contact(), false);
                if (item.ownerId() != null) {
                    record.put("OwnerId", item.ownerId());
                }
                if (externalIdField != null) {
                    record.put(externalIdField, item.syncKey());
                }
                item.record(record);
                if (chunk.target() == Target.ContactWithAccount) {
                    item.account(templates.forObject("Account").apply(camel, item.contact(), false));
                }
            } else if (item.action() == Action.UPDATE) {
                item.record(templates.forObject(item.sfObject()).apply(camel, item.contact(), true));
            }
        });
        return chunk;
    }

    /** The external id field records are upserted on, or null to create them plainly. */
    public String externalIdField() {
        return externalIdField;
    }
}
