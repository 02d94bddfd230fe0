-- A workload's spec becomes a JSON column (Hibernate maps it to the typed spec). H2 reads text as JSON only with
-- FORMAT JSON (a plain cast would store each document as one JSON string), so the column is rebuilt.
alter table workload_request add column spec_json json;
update workload_request set spec_json = spec format json;
alter table workload_request drop column spec;
alter table workload_request alter column spec_json rename to spec;
alter table workload_request alter column spec set not null;
