-- The default GPU catalog. MIG slices of an 80 GB A100/H100 per NVIDIA's MIG user guide (7 compute slices per GPU);
-- time-sliced shares assume the GPU operator's time-slicing config with 2 replicas per GPU.
insert into gpu_profile (name, display_name, short_label, gpu_model, kind, resource_name, equivalent_numerator, equivalent_denominator, enabled, version) values
  ('h100-80gb',   'NVIDIA H100 80GB, whole GPU',     'H100',    'NVIDIA-H100-80GB-HBM3', 'WHOLE',       'nvidia.com/gpu',          1, 1, true, 0),
  ('a100-80gb',   'NVIDIA A100 80GB, whole GPU',     'A100',    'NVIDIA-A100-SXM4-80GB', 'WHOLE',       'nvidia.com/gpu',          1, 1, true, 0),
  ('mig-1g.10gb', 'MIG 1g.10gb (1/7 of an H100)',    '1g.10gb', 'NVIDIA-H100-80GB-HBM3', 'MIG',         'nvidia.com/mig-1g.10gb',  1, 7, true, 0),
  ('mig-2g.20gb', 'MIG 2g.20gb (2/7 of an H100)',    '2g.20gb', 'NVIDIA-H100-80GB-HBM3', 'MIG',         'nvidia.com/mig-2g.20gb',  2, 7, true, 0),
  ('mig-3g.40gb', 'MIG 3g.40gb (3/7 of an H100)',    '3g.40gb', 'NVIDIA-H100-80GB-HBM3', 'MIG',         'nvidia.com/mig-3g.40gb',  3, 7, true, 0),
  ('mig-4g.40gb', 'MIG 4g.40gb (4/7 of an H100)',    '4g.40gb', 'NVIDIA-H100-80GB-HBM3', 'MIG',         'nvidia.com/mig-4g.40gb',  4, 7, true, 0),
  ('mig-7g.80gb', 'MIG 7g.80gb (a whole H100)',      '7g.80gb', 'NVIDIA-H100-80GB-HBM3', 'MIG',         'nvidia.com/mig-7g.80gb',  1, 1, true, 0),
  ('shared-l4',   'Time-sliced share (1/2 of an L4)', 'shared', 'NVIDIA-L4',             'TIME_SLICED', 'nvidia.com/gpu.shared',   1, 2, true, 0);
