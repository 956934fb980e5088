-- Settings an admin changed on the settings page (PUT /api/settings), shared by every instance. A key not
-- stored here has the configured value (application.yaml / the environment).
create table setting (
    key         text primary key,
    value       text        not null,
    updated_at  timestamptz not null default now(),
    updated_by  text        not null
);

-- Every change of a setting: who, when, which key, the value in effect before and after (the configured one where
-- none was stored).
create table setting_audit (
    id          bigserial primary key,
    changed_at  timestamptz not null default now(),
    changed_by  text        not null,
    key         text        not null,
    old_value   text,
    new_value   text
);

create index setting_audit_changed_at on setting_audit (changed_at desc, id desc);
