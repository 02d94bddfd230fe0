-- The allowed values of the enum-like columns, written as "= any (array[...])" instead of "in (...)".
-- H2 (2.4.240) compiles an IN list (and an OR of equalities, which it folds into one) of constants into a set that
-- keeps the session that created the constraint; once the pool retires that connection (Hikari does after its
-- max-lifetime, 30 minutes), every insert or update of the table fails with "Check constraint invalid" until the
-- database is reopened. The array form is evaluated in the writing session and means the same on PostgreSQL.
alter table gpu_profile drop constraint ck_gpu_profile_kind;
alter table gpu_profile add constraint ck_gpu_profile_kind
    check (kind = any (array['WHOLE', 'MIG', 'TIME_SLICED']));

alter table tenant drop constraint ck_tenant_tier;
alter table tenant add constraint ck_tenant_tier check (isolation_tier = any (array['SHARED', 'DEDICATED']));
alter table tenant drop constraint ck_tenant_status;
alter table tenant add constraint ck_tenant_status check (status = any (array['ACTIVE', 'ARCHIVED']));

alter table membership drop constraint ck_membership_subject_type;
alter table membership add constraint ck_membership_subject_type check (subject_type = any (array['USER', 'GROUP']));
alter table membership drop constraint ck_membership_role;
alter table membership add constraint ck_membership_role
    check (role = any (array['VIEWER', 'MEMBER', 'TENANT_ADMIN']));

alter table workload_request drop constraint ck_workload_kind;
alter table workload_request add constraint ck_workload_kind
    check (kind = any (array['NOTEBOOK', 'TRAINING_JOB', 'INFERENCE_ENDPOINT']));
alter table workload_request drop constraint ck_workload_desired;
alter table workload_request add constraint ck_workload_desired
    check (desired_state = any (array['RUNNING', 'STOPPED', 'DELETED']));
