-- Contacts as captured, one row each; the export state lives beside them, one row per contact.
create table contact (
    id             bigserial primary key,
    name_prefix    text,
    first_name     text,
    last_name      text,
    email          text,
    phone_work     text,
    phone_mobile   text,
    company        text,
    title          text,
    department     text,
    website        text,
    address_line1  text,
    address_line2  text,
    zip            text,
    city           text,
    country        text,
    notes          text,
    met_on         date,
    met_by         text,
    lead_score     integer,
    custom         jsonb       not null default '{}'::jsonb,
    -- stable key sent to Salesforce as the external id (ContactSyncId__c): re-sending never duplicates
    sync_key       uuid        not null default gen_random_uuid() unique,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

create table export_state (
    contact_id     bigint primary key references contact (id) on delete cascade,
    status         text        not null default 'PENDING'
                   check (status in ('PENDING', 'EXPORTING', 'EXPORTED', 'DUPLICATE', 'FAILED', 'SKIPPED')),
    sf_object      text,
    sf_id          text,
    attempts       integer     not null default 0,
    error_code     text,
    error_message  text,
    claimed_by     text,
    claimed_at     timestamptz,
    push_id        uuid,
    exported_at    timestamptz,
    -- failures of automatic sync wait here until a digest mail has named them
    digest_pending boolean     not null default false,
    updated_at     timestamptz not null default now()
);

create index export_state_pending on export_state (contact_id) where status = 'PENDING';
create index export_state_digest on export_state (contact_id) where digest_pending;
create index contact_created_at on contact (created_at);

-- A manual push: who asked, for which contacts, and what became of each.
create table push (
    id            uuid primary key default gen_random_uuid(),
    requested_by  text        not null,
    total         integer     not null,
    created_at    timestamptz not null default now(),
    finished_at   timestamptz
);

create table push_item (
    push_id       uuid    not null references push (id) on delete cascade,
    contact_id    bigint  not null references contact (id) on delete cascade,
    status        text    not null default 'PENDING',
    error_message text,
    primary key (push_id, contact_id)
);

-- Mails are written here in the same transaction as the statuses they report, then sent.
create table mail_outbox (
    id          bigserial primary key,
    kind        text        not null,
    recipient   text        not null,
    subject     text        not null,
    body        text        not null,
    created_at  timestamptz not null default now(),
    sent_at     timestamptz,
    attempts    integer     not null default 0,
    last_error  text
);

create index mail_outbox_unsent on mail_outbox (id) where sent_at is null;

-- Service-wide facts, e.g. since when automatic sync is on.
create table app_state (
    key        text primary key,
    value      text        not null,
    updated_at timestamptz not null default now()
);
