package dev.gpuportal.workload;

import java.util.List;

/** One page of a workload list and how many rows the whole list has. */
public record WorkloadPage(List<WorkloadView> items, long total) {}
