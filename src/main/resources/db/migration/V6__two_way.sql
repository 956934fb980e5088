-- Two-way sync. changed_at: the last local edit (PATCH /api/contacts/{id}); values pulled from Salesforce
-- do not set it, so a pulled change is never pushed back. A contact exported before its last edit is
-- sent again as an update of its record.
alter table contact add column changed_at timestamptz;

-- DELETED_IN_SALESFORCE: the record was deleted in Salesforce; the contact is kept and not pushed again.
alter table export_state drop constraint export_state_status_check;
alter table export_state add constraint export_state_status_check check (status in
    ('PENDING', 'EXPORTING', 'EXPORTED', 'DUPLICATE', 'FAILED', 'SKIPPED', 'DELETED_IN_SALESFORCE'));

-- pushed_values: per Salesforce field, the value the record holds from this service (what was last pushed,
-- or pulled and taken over); pushed_hash its digest. synced_at: the contact's changed_at the record reflects.
alter table export_state add column pushed_values jsonb;
alter table export_state add column pushed_hash text;
alter table export_state add column synced_at timestamptz;
alter table export_state add column last_update_sent_at timestamptz;
alter table export_state add column pulled_at timestamptz;
create index export_state_sf_id on export_state (sf_id) where sf_id is not null;

-- Per synced object, the SystemModstamp up to which changes have been read (queried again with an overlap).
create table pull_cursor (
    object     text primary key,
    since      timestamptz not null,
    updated_at timestamptz not null default now()
);
