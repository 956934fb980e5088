-- Where each contact came from: the source (api, file-drop, …) and the source's own key of it (for a CSV
-- row: file name and a hash of the row). A re-delivered row, line or file is stored once per source and key.
-- Contacts posted to the REST API have no key: posting the same contact twice stores it twice, as before.
alter table contact add column source text not null default 'api';
alter table contact add column source_key text;
alter table contact add constraint contact_source_key unique (source, source_key);

-- Camel's JDBC idempotent repository (JdbcMessageIdRepository, default statements): the files a source has
-- taken in whole, so that an exact re-delivery is skipped before it is parsed.
create table camel_messageprocessed (
    processorname  varchar(255) not null,
    messageid      varchar(512) not null,
    createdat      timestamp    not null default now(),
    primary key (processorname, messageid)
);
