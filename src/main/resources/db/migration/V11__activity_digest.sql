-- failed activities wait here, as failed contacts do in export_state, until a digest mail has named them
alter table activity_export add column digest_pending boolean not null default false;
create index activity_export_digest on activity_export (activity_id) where digest_pending;
