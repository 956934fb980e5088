-- Two-way sync, continued. pulled_fields: the contact fields the last pull changed (pulled_at says when), shown
-- on the page as "updated from Salesforce". relinked_from/relinked_at: the record the export pointed at before a
-- merge in Salesforce (the master survives) or a Lead conversion (the Contact carries on) moved it.
alter table export_state add column pulled_fields text[];
alter table export_state add column relinked_from text;
alter table export_state add column relinked_at timestamptz;

-- Activities refused for a passing reason (503, UNABLE_TO_LOCK_ROW) beyond their redeliveries are FAILED and sent
-- again at retry_at, for at most contactsync.retry.later.max-rounds rounds (retry_round), as contacts are.
alter table activity_export add column retry_at timestamptz;
alter table activity_export add column retry_round integer not null default 0;
create index activity_export_retry on activity_export (retry_at) where retry_at is not null;
