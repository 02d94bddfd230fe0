-- Dedicated tenants: the Kubernetes version of their virtual cluster (null: the portal's default) and the node
-- pools of the host cluster that serve them alone.
alter table tenant add column kubernetes_version varchar(20);
alter table tenant add column node_pools varchar(1000) default '' not null;
