-- How long a tenant's notebooks may sit idle before they are stopped: minutes; 0 never; null the portal's default.
alter table tenant_quota add column notebook_idle_minutes integer;
