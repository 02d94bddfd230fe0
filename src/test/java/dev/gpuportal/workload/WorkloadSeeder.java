package dev.gpuportal.workload;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContext;

/** Stores many workloads straight into the database, past admission, for benchmarks of the pages that list them. */
public final class WorkloadSeeder {

    private WorkloadSeeder() {}

    /** {@code count} running notebooks on one 1g.10gb slice each, owned by {@code owner}, named {@code prefix-N}. */
    public static void notebooks(
            ApplicationContext context, long tenantId, long profileId, String owner, String prefix, int count) {
        WorkloadRequestRepository repository = context.getBean(WorkloadRequestRepository.class);
        WorkloadSpec spec = new WorkloadSpec.Notebook(
                "quay.io/jupyter/scipy-notebook:2026-11-02", 2000, 8L << 30, "mig-1g.10gb", 1, 20L << 30);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        List<WorkloadRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new WorkloadRequest(
                    tenantId, prefix + "-" + i, owner, spec, profileId, start.plusSeconds(60L * i)));
            if (batch.size() == 200) {
                repository.saveAll(batch);
                batch.clear();
            }
        }
        repository.saveAll(batch);
    }
}
