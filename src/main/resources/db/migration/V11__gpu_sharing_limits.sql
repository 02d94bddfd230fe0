-- How much of other tenants' idle GPUs a tenant may borrow, and how much of its own idle quota it lends, where a
-- cluster shares GPUs through Kueue: GPU-equivalents as a fraction; null means the default (borrow up to its own
-- quota again; lend everything).
alter table tenant_quota add column borrowing_numerator bigint;
alter table tenant_quota add column borrowing_denominator bigint;
alter table tenant_quota add column lending_numerator bigint;
alter table tenant_quota add column lending_denominator bigint;
