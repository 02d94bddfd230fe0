-- GPU metrics: when a workload's GPU counts as idle (set by platform admins), and the price of a GPU-hour per product
-- for showback.
create table metrics_settings (
  id integer primary key,
  idle_threshold_percent integer not null,
  idle_minutes integer not null,
  version bigint not null
);
insert into metrics_settings (id, idle_threshold_percent, idle_minutes, version) values (1, 5, 120, 0);

create table gpu_price (
  gpu_model varchar(120) primary key,
  price_per_gpu_hour numeric(12, 4) not null
);
