package io.contactsync.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The objects of the simulated org (Lead, Contact, Account, User, Task) with the fields, types and
 * lengths of a standard org, plus the custom fields contact-sync writes.
 */
public final class OrgSchema {

    static final List<String> SALUTATIONS = List.of("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx.");
    static final List<String> LEAD_SOURCES = List.of("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other");
    static final List<String> LEAD_STATUSES = List.of("Open - Not Contacted", "Working - Contacted", "Closed - Converted",
            "Closed - Not Converted");
    static final List<String> INDUSTRIES = List.of("Agriculture", "Banking", "Consulting", "Education", "Energy",
            "Engineering", "Finance", "Healthcare", "Manufacturing", "Retail", "Technology", "Other");

    /** The pseudo-type a polymorphic relationship (Who, What, Owner) reads in SOQL: the fields its targets share. */
    static final String NAME = "Name";
    /** What an activity's WhatId may name in a standard org; of these the simulator has Accounts. */
    static final String[] WHAT = {"Account", "Asset", "Campaign", "Case", "Contract", "Opportunity", "Order", "Product2"};

    private final Map<String, SObjectType> types = new LinkedHashMap<>();
    private final SObjectType name = name();

    public OrgSchema() {
        add(lead());
        add(contact());
        add(account());
        add(user());
        add(group());
        add(task());
        add(event());
        child("Lead", "Tasks", "Task", "WhoId");
        child("Lead", "Events", "Event", "WhoId");
        child("Contact", "Tasks", "Task", "WhoId");
        child("Contact", "Events", "Event", "WhoId");
        child("Account", "Contacts", "Contact", "AccountId");
        child("Account", "Tasks", "Task", "WhatId");
        child("Account", "Events", "Event", "WhatId");
    }

    /** The type a reference field leads to in SOQL: its one target, or the Name pseudo-type when it has several. */
    public SObjectType target(SObjectField reference) {
        return reference.referenceTo().size() > 1 ? name : type(reference.referenceTo().get(0));
    }

    /** A record as the Name pseudo-type shows it: its Id, its object as Type, and the fields Name has that it has. */
    Map<String, Object> asName(Map<String, Object> record) {
        Map<String, Object> view = new LinkedHashMap<>();
        SObjectType actual = byPrefix((String) record.get("Id"));
        for (SObjectField field : name.fields()) {
            view.put(field.name(), actual.field(field.name()) == null ? null : record.get(field.name()));
        }
        // a queue shows as Type 'Queue'
        view.put("Type", "Group".equals(actual.name()) ? record.get("Type") : actual.name());
        return view;
    }

    private void child(String parent, String relationship, String child, String field) {
        type(parent).addChild(new SObjectType.Child(relationship, child, field));
    }

    public SObjectType type(String name) {
        return name == null ? null : types.get(name.toLowerCase(Locale.ROOT));
    }

    public java.util.Collection<SObjectType> types() {
        return types.values();
    }

    /** The type whose ids start with the given key prefix, or null. */
    public SObjectType byPrefix(String id) {
        return id == null || id.length() < 3 ? null
                : types.values().stream().filter(t -> id.startsWith(t.keyPrefix())).findFirst().orElse(null);
    }

    private void add(SObjectType type) {
        types.put(type.name().toLowerCase(Locale.ROOT), type);
    }

    // ---- field builders

    private static final class F {
        private final String name;
        private final String type;
        private String label;
        private int length;
        private int precision;
        private int scale;
        private boolean createable = true;
        private boolean updateable = true;
        private boolean nillable = true;
        private boolean defaulted;
        private boolean externalId;
        private boolean unique;
        private List<String> picklist = List.of();
        private boolean restricted;
        private String defaultValue;
        private List<String> referenceTo = List.of();
        private String relationshipName;

        F(String name, String type, int length) {
            this.name = name;
            this.type = type;
            this.length = length;
            this.label = name.replace("__c", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        }

        F label(String l) { label = l; return this; }
        F required() { nillable = false; return this; }
        F readOnly() { createable = false; updateable = false; nillable = false; defaulted = true; return this; }
        F system() { createable = false; updateable = false; defaulted = true; return this; }
        F createOnly() { updateable = false; return this; }
        F defaulted(String value) { defaulted = true; nillable = false; defaultValue = value; return this; }
        F externalId() { externalId = true; unique = true; return this; }
        F picklist(List<String> values, boolean restrictedValues) { picklist = values; restricted = restrictedValues; return this; }
        F number(int p, int s) { precision = p; scale = s; return this; }
        F reference(String relationship, String... to) { referenceTo = List.of(to); relationshipName = relationship; return this; }

        SObjectField build() {
            return new SObjectField(name, label, type, length, precision, scale, createable, updateable, nillable, defaulted,
                    name.endsWith("__c"), externalId, unique, picklist, restricted, defaultValue, referenceTo, relationshipName);
        }
    }

    private static F string(String name, int length) { return new F(name, "string", length); }
    private static F of(String name, String type, int length) { return new F(name, type, length); }

    private static SObjectType common(SObjectType type, boolean owned) {
        return common(type, owned, "User");
    }

    private static SObjectType common(SObjectType type, boolean owned, String... owners) {
        type.add(of("Id", "id", 18).label(type.name() + " ID").readOnly().build());
        type.add(of("IsDeleted", "boolean", 0).label("Deleted").readOnly().build());
        if (owned) {
            type.add(of("OwnerId", "reference", 18).label("Owner ID").defaulted(null).reference("Owner", owners).build());
        }
        type.add(of("CreatedDate", "datetime", 0).readOnly().build());
        type.add(of("CreatedById", "reference", 18).label("Created By ID").readOnly().reference("CreatedBy", "User").build());
        type.add(of("LastModifiedDate", "datetime", 0).readOnly().build());
        type.add(of("LastModifiedById", "reference", 18).label("Last Modified By ID").readOnly().reference("LastModifiedBy", "User").build());
        type.add(of("SystemModstamp", "datetime", 0).label("System Modstamp").readOnly().build());
        return type;
    }

    private static void person(SObjectType t) {
        t.add(of("MasterRecordId", "reference", 18).system().reference("MasterRecord", t.name()).build());
        t.add(string("LastName", 80).required().build());
        t.add(string("FirstName", 40).build());
        t.add(of("Salutation", "picklist", 40).picklist(SALUTATIONS, false).build());
        t.add(string("Name", 121).label("Full Name").readOnly().build());
        t.add(string("Title", 128).build());
        t.add(of("Email", "email", 80).build());
        t.add(of("Phone", "phone", 40).label("Business Phone").build());
        t.add(of("MobilePhone", "phone", 40).label("Mobile Phone").build());
        t.add(of("LeadSource", "picklist", 255).label("Lead Source").picklist(LEAD_SOURCES, false).build());
        t.add(of("Description", "textarea", 32000).build());
    }

    private static void syncFields(SObjectType t) {
        t.add(string("ContactSyncId__c", 64).label("Contact Sync ID").externalId().build());
        t.add(of("LeadScore__c", "double", 0).label("Lead Score").number(3, 0).build());
        t.add(of("MetOn__c", "date", 0).label("Met On").build());
        t.add(string("Routing__c", 40).label("Routing").build());
    }

    private static SObjectType lead() {
        SObjectType t = common(new SObjectType("Lead", "Lead", "Leads", "00Q", true), true, "Group", "User");
        person(t);
        t.add(string("Company", 255).required().build());
        t.add(of("Street", "textarea", 255).build());
        t.add(string("City", 40).build());
        t.add(string("State", 80).label("State/Province").build());
        t.add(string("PostalCode", 20).label("Zip/Postal Code").build());
        t.add(string("Country", 80).build());
        t.add(of("Website", "url", 255).build());
        t.add(of("Status", "picklist", 255).picklist(LEAD_STATUSES, true).defaulted(LEAD_STATUSES.get(0)).build());
        t.add(of("Industry", "picklist", 255).picklist(INDUSTRIES, false).build());
        t.add(of("Rating", "picklist", 255).picklist(List.of("Hot", "Warm", "Cold"), true).build());
        t.add(of("AnnualRevenue", "currency", 0).number(18, 0).build());
        t.add(of("NumberOfEmployees", "int", 0).label("Employees").number(8, 0).build());
        t.add(of("IsConverted", "boolean", 0).label("Converted").readOnly().build());
        t.add(of("ConvertedContactId", "reference", 18).system().reference("ConvertedContact", "Contact").build());
        t.add(of("ConvertedAccountId", "reference", 18).system().reference("ConvertedAccount", "Account").build());
        t.add(of("ConvertedDate", "date", 0).system().build());
        t.add(of("LastActivityDate", "date", 0).label("Last Activity").system().build());
        syncFields(t);
        return t;
    }

    private static SObjectType contact() {
        SObjectType t = common(new SObjectType("Contact", "Contact", "Contacts", "003", true), true);
        person(t);
        t.add(of("AccountId", "reference", 18).label("Account ID").reference("Account", "Account").build());
        t.add(string("Department", 80).build());
        t.add(of("MailingStreet", "textarea", 255).build());
        t.add(string("MailingCity", 40).build());
        t.add(string("MailingState", 80).build());
        t.add(string("MailingPostalCode", 20).build());
        t.add(string("MailingCountry", 80).build());
        t.add(of("Birthdate", "date", 0).build());
        t.add(of("LastActivityDate", "date", 0).label("Last Activity").system().build());
        syncFields(t);
        return t;
    }

    private static SObjectType account() {
        SObjectType t = common(new SObjectType("Account", "Account", "Accounts", "001", true), true);
        t.add(string("Name", 255).label("Account Name").required().build());
        t.add(of("MasterRecordId", "reference", 18).system().reference("MasterRecord", "Account").build());
        t.add(of("Type", "picklist", 255).label("Account Type")
                .picklist(List.of("Prospect", "Customer - Direct", "Customer - Channel", "Partner", "Other"), false).build());
        t.add(of("Website", "url", 255).build());
        t.add(of("Phone", "phone", 40).label("Account Phone").build());
        t.add(of("Industry", "picklist", 255).picklist(INDUSTRIES, false).build());
        t.add(of("BillingStreet", "textarea", 255).build());
        t.add(string("BillingCity", 40).build());
        t.add(string("BillingState", 80).build());
        t.add(string("BillingPostalCode", 20).build());
        t.add(string("BillingCountry", 80).build());
        t.add(of("NumberOfEmployees", "int", 0).label("Employees").number(8, 0).build());
        t.add(of("Description", "textarea", 32000).label("Account Description").build());
        t.add(of("LastActivityDate", "date", 0).label("Last Activity").system().build());
        t.add(string("ContactSyncId__c", 64).label("Contact Sync ID").externalId().build());
        return t;
    }

    private static SObjectType user() {
        SObjectType t = common(new SObjectType("User", "User", "Users", "005", false), false);
        t.add(string("Username", 80).required().build());
        t.add(string("LastName", 80).required().build());
        t.add(string("FirstName", 40).build());
        t.add(string("Name", 121).label("Full Name").readOnly().build());
        t.add(of("Email", "email", 128).required().build());
        t.add(string("Alias", 8).required().build());
        t.add(of("IsActive", "boolean", 0).label("Active").defaulted("true").build());
        t.add(string("Title", 80).build());
        return t;
    }

    private static SObjectType task() {
        SObjectType t = common(new SObjectType("Task", "Task", "Tasks", "00T", true), true, "Group", "User");
        t.add(of("Subject", "combobox", 255).build());
        t.add(of("Status", "picklist", 255).picklist(List.of("Not Started", "In Progress", "Completed", "Waiting on someone else",
                "Deferred"), true).defaulted("Not Started").build());
        t.add(of("Priority", "picklist", 40).picklist(List.of("High", "Normal", "Low"), true).defaulted("Normal").build());
        t.add(of("WhoId", "reference", 18).label("Name ID").reference("Who", "Lead", "Contact").build());
        t.add(of("WhatId", "reference", 18).label("Related To ID").reference("What", WHAT).build());
        t.add(of("ActivityDate", "date", 0).label("Due Date Only").build());
        t.add(of("IsClosed", "boolean", 0).label("Closed").readOnly().build());
        t.add(of("Description", "textarea", 32000).label("Comments").build());
        t.add(of("Type", "picklist", 40).picklist(List.of("Call", "Email", "Meeting", "Other"), false).build());
        // a real org sets the subtype on create only
        t.add(of("TaskSubtype", "picklist", 40).label("Task Subtype")
                .picklist(List.of("Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"), true).createOnly().build());
        t.add(string("ActivitySyncId__c", 64).label("Activity Sync ID").externalId().build());
        return t;
    }

    private static SObjectType event() {
        SObjectType t = common(new SObjectType("Event", "Event", "Events", "00U", true), true);
        t.add(of("Subject", "combobox", 255).build());
        t.add(of("StartDateTime", "datetime", 0).label("Start Date Time").build());
        t.add(of("EndDateTime", "datetime", 0).label("End Date Time").build());
        t.add(of("DurationInMinutes", "int", 0).label("Duration").number(8, 0).build());
        t.add(of("ActivityDateTime", "datetime", 0).label("Due Date Time").build());
        t.add(of("ActivityDate", "date", 0).label("Due Date Only").build());
        t.add(of("IsAllDayEvent", "boolean", 0).label("All-Day Event").defaulted("false").build());
        t.add(of("WhoId", "reference", 18).label("Name ID").reference("Who", "Lead", "Contact").build());
        t.add(of("WhatId", "reference", 18).label("Related To ID").reference("What", WHAT).build());
        t.add(string("Location", 255).build());
        t.add(of("Description", "textarea", 32000).build());
        t.add(of("Type", "picklist", 40).picklist(List.of("Call", "Email", "Meeting", "Other"), false).build());
        return t;
    }

    /** Groups: queues (Type Queue) can own Leads. */
    private static SObjectType group() {
        SObjectType t = common(new SObjectType("Group", "Group", "Groups", "00G", false), false);
        t.add(string("Name", 40).required().build());
        t.add(string("DeveloperName", 80).required().build());
        t.add(of("Type", "picklist", 40).picklist(List.of("Queue", "Regular"), true).required().build());
        t.add(of("Email", "email", 255).build());
        return t;
    }

    private static SObjectType name() {
        SObjectType t = new SObjectType(NAME, "Name", "Names", "000", false);
        t.add(of("Id", "id", 18).readOnly().build());
        t.add(string("Type", 40).readOnly().build());
        t.add(string("Name", 121).readOnly().build());
        for (String field : List.of("FirstName", "LastName", "Alias", "Title", "Username")) {
            t.add(string(field, 80).readOnly().build());
        }
        t.add(of("Email", "email", 80).readOnly().build());
        t.add(of("Phone", "phone", 40).readOnly().build());
        t.add(of("IsActive", "boolean", 0).readOnly().build());
        return t;
    }
}
