-- A workload's spec becomes a JSON column (Hibernate maps it to the typed spec).
alter table workload_request alter column spec type jsonb using spec::jsonb;
