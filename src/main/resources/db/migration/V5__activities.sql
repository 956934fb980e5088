-- Activities of a contact (mails sent/opened/clicked, forms, page visits, meetings, calls, notes) as the caller
-- reports them, each to become one completed Task in Salesforce. external_id is the caller's id of the event:
-- the same event reported twice is stored once per contact.
create table activity (
    id           bigserial primary key,
    contact_id   bigint      not null references contact (id) on delete cascade,
    external_id  text        not null,
    type         text        not null,
    occurred_at  timestamptz not null,
    subject      text,
    body         text,
    url          text,
    -- stable key sent as the Task's external id (ActivitySyncId__c): re-sending never creates a second Task
    sync_key     uuid        not null default gen_random_uuid() unique,
    created_at   timestamptz not null default now(),
    unique (contact_id, external_id)
);

-- Export state of each activity; an activity waits as PENDING until its contact is EXPORTED.
create table activity_export (
    activity_id    bigint primary key references activity (id) on delete cascade,
    status         text        not null default 'PENDING'
                   check (status in ('PENDING', 'EXPORTING', 'EXPORTED', 'FAILED', 'SKIPPED')),
    sf_id          text,
    attempts       integer     not null default 0,
    error_code     text,
    error_message  text,
    claimed_by     text,
    claimed_at     timestamptz,
    exported_at    timestamptz,
    updated_at     timestamptz not null default now()
);

create index activity_export_pending on activity_export (activity_id) where status in ('PENDING', 'EXPORTING');
