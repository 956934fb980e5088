-- The push summary names Salesforce's error code beside the message.
alter table push_item add column error_code text;
