-- When a user last asked for a restart; the pod template carries it so Kubernetes rolls the pods.
alter table workload_request add column restarted_at timestamp with time zone;
alter table workload_request add column observed_at timestamp with time zone;
