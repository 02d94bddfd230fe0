-- A client's idempotency key per owner: a retried POST returns the workload the first one created.
alter table workload_request add column idempotency_key varchar(200);
create unique index ux_workload_idempotency on workload_request (owner, idempotency_key);
