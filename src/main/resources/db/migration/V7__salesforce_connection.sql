-- The org an admin connected from the page (OAuth web-server flow with PKCE): at most one row.
-- The refresh token is stored encrypted (AES-GCM, key from CONTACTSYNC_SECRET_KEY or the generated key file).
create table salesforce_connection (
    id                  smallint primary key default 1 check (id = 1),
    login_url           text not null,
    instance_url        text not null,
    org_id              text not null,
    user_id             text not null,
    username            text,
    refresh_token_enc   text not null,
    connected_at        timestamptz not null default now(),
    connected_by        text not null,
    token_rotated_at    timestamptz
);

-- A connect started but not finished: the state sent to Salesforce and the PKCE verifier (encrypted) that
-- the callback needs. Single use; rows older than the flow's time limit are ignored and removed.
create table salesforce_connect_attempt (
    state               text primary key,
    code_verifier_enc   text not null,
    login_url           text not null,
    redirect_uri        text not null,
    started_by          text not null,
    started_at          timestamptz not null default now()
);
