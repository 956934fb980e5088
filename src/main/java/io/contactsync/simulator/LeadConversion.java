package io.contactsync.simulator;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lead conversion as a user makes it in Salesforce: the Lead becomes a Contact, in a new Account named
 * after its Company or in an existing Account, or merges into an existing Contact. The Lead stays,
 * read-only, with IsConverted, ConvertedContactId, ConvertedAccountId, ConvertedDate and the converted
 * status; its Tasks move to the Contact (WhoId) and the Account (WhatId, where none was set). The
 * standard fields map as Salesforce maps them, and custom fields of the same name on Lead and Contact
 * (ContactSyncId__c, LeadScore__c, …) are carried over, as an org's lead field mapping does.
 * All or none.
 */
final class LeadConversion {

    static final String CONVERTED_STATUS = "Closed - Converted";
    private static final Map<String, String> STANDARD = Map.ofEntries(
            Map.entry("FirstName", "FirstName"), Map.entry("LastName", "LastName"), Map.entry("Salutation", "Salutation"),
            Map.entry("Title", "Title"), Map.entry("Email", "Email"), Map.entry("Phone", "Phone"),
            Map.entry("MobilePhone", "MobilePhone"), Map.entry("LeadSource", "LeadSource"),
            Map.entry("Description", "Description"), Map.entry("Street", "MailingStreet"), Map.entry("City", "MailingCity"),
            Map.entry("State", "MailingState"), Map.entry("PostalCode", "MailingPostalCode"),
            Map.entry("Country", "MailingCountry"), Map.entry("OwnerId", "OwnerId"));

    /** What a conversion did, as Salesforce's LeadConvertResult. */
    record Result(String leadId, String contactId, String accountId) { }

    private final RecordWriter writer;

    LeadConversion(RecordWriter writer) {
        this.writer = writer;
    }

    /** {@code leadId}, optional {@code accountId}, {@code contactId} (an existing one), {@code convertedStatus}. */
    Result convert(Map<String, Object> request, WriteContext ctx) {
        OrgStore store = writer.store();
        OrgSchema schema = store.schema();
        SObjectType leads = schema.type("Lead");
        SObjectType contacts = schema.type("Contact");
        SObjectType accounts = schema.type("Account");
        String leadId = SalesforceIds.require(RecordMerge.text(request.get("leadId"), "leadId"), leads);
        String status = request.get("convertedStatus") == null ? CONVERTED_STATUS : request.get("convertedStatus").toString();
        if (!OrgSchema.LEAD_STATUSES.contains(status)) {
            throw new SalesforceError(400, "INVALID_STATUS", "invalid convertedStatus: " + status, List.of("convertedStatus"));
        }
        synchronized (store) {
            Map<String, Object> lead = RecordMerge.live(store, leadId);
            if (Boolean.TRUE.equals(lead.get("IsConverted"))) {
                throw new SalesforceError(400, "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", null);
            }
            String givenAccount = request.get("accountId") == null ? null
                    : SalesforceIds.require(request.get("accountId").toString(), accounts);
            String givenContact = request.get("contactId") == null ? null
                    : SalesforceIds.require(request.get("contactId").toString(), contacts);
            // the Contact made of the Lead is no duplicate of it
            ctx.saved().add(leadId);
            return store.atomically(() -> {
                String accountId = givenAccount;
                if (givenContact != null) {
                    Map<String, Object> contact = RecordMerge.live(store, givenContact);
                    if (accountId == null) {
                        accountId = (String) contact.get("AccountId");
                    } else if (contact.get("AccountId") != null && !accountId.equals(contact.get("AccountId"))) {
                        throw new SalesforceError(400, "INVALID_ID_FIELD", "the contact is not in the account given", null);
                    }
                }
                if (accountId == null) {
                    Map<String, Object> account = new LinkedHashMap<>();
                    account.put("Name", lead.get("Company"));
                    account.put("OwnerId", lead.get("OwnerId"));
                    accountId = writer.insert(accounts, account, ctx);
                } else {
                    RecordMerge.live(store, accountId);
                }
                String contactId = givenContact;
                if (contactId == null) {
                    Map<String, Object> contact = new LinkedHashMap<>();
                    STANDARD.forEach((from, to) -> {
                        if (lead.get(from) != null) {
                            contact.put(to, lead.get(from));
                        }
                    });
                    for (SObjectField field : leads.fields()) {
                        if (field.custom() && contacts.field(field.name()) != null && lead.get(field.name()) != null) {
                            contact.put(field.name(), lead.get(field.name()));
                        }
                    }
                    contact.put("AccountId", accountId);
                    contactId = writer.insert(contacts, contact, ctx);
                } else {
                    writer.update(contacts, contactId, Map.of(), ctx);
                }
                Map<String, Object> converted = new LinkedHashMap<>(lead);
                converted.put("IsConverted", true);
                converted.put("ConvertedContactId", contactId);
                converted.put("ConvertedAccountId", accountId);
                converted.put("ConvertedDate", LocalDate.now(ZoneOffset.UTC).toString());
                converted.put("Status", status);
                RecordMerge.touch(converted, ctx.userId());
                store.put(leads, converted);
                RecordMerge.repoint(store, "Task", "WhoId", leadId, contactId, ctx.userId());
                for (Map<String, Object> task : store.all("Task")) {
                    if (contactId.equals(task.get("WhoId")) && task.get("WhatId") == null) {
                        Map<String, Object> moved = new LinkedHashMap<>(task);
                        moved.put("WhatId", accountId);
                        store.put(schema.type("Task"), moved);
                    }
                }
                return new Result(leadId, contactId, accountId);
            });
        }
    }
}
