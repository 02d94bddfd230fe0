-- The clusters a tenant lives on (comma-separated cluster names from the cluster registry).
alter table tenant add column clusters varchar(2000) default '' not null;
