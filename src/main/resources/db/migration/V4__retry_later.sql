-- A contact whose passing faults (503, UNABLE_TO_LOCK_ROW, timeouts) outlasted its retry budget is FAILED
-- and sent again at retry_at, for at most contactsync.retry.later.max-rounds rounds (retry_round counts
-- them); a contact postponed while Salesforce could not take it (allowance, login) waits for retry_at too.
alter table export_state add column retry_at timestamptz;
alter table export_state add column retry_round integer not null default 0;
create index export_state_retry on export_state (retry_at) where retry_at is not null;
