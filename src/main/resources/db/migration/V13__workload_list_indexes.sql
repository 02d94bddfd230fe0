-- Workload lists are paged newest first, across tenants or for one tenant: with these the database reads one page's
-- rows in index order instead of sorting every workload for each page.
create index ix_workload_created on workload_request (created_at desc, id desc);
create index ix_workload_tenant_created on workload_request (tenant_id, created_at desc, id desc);
