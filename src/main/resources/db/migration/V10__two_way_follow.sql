-- Two-way sync, continued. pulled_fields: the contact fields the last pull changed (pulled_at says when), shown
-- on the page as "updated from Salesforce". relinked_from/relinked_at: the record the export pointed at before a
-- merge in Salesforce (the master survives) or a Lead conversion (the Contact carries on) moved it.
alter table export_state add column pulled_fields text[];
alter table export_state add column relinked_from text;
alter table export_state add column relinked_at timestamptz;
