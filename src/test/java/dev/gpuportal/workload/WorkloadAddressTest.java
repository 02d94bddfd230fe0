package dev.gpuportal.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.testsupport.AsPlatformAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A workload's in-cluster address names its tenant's namespace as the cluster has it, prefix included. */
@SpringBootTest(properties = "gpu-portal.kubernetes.namespace-prefix=team-")
class WorkloadAddressTest {

    @Autowired
    WorkloadService workloads;

    @Test
    void theServiceAddressUsesTheNamespaceWithItsPrefix() {
        String address = AsPlatformAdmin.call(() -> {
            WorkloadView lab = workloads.submit(new WorkloadForm.Notebook(
                    "nlp",
                    "address-lab",
                    "quay.io/jupyter/scipy-notebook:2026-11-02",
                    "1",
                    "2Gi",
                    "mig-1g.10gb",
                    "1",
                    "1Gi"));
            return workloads.address(lab.id());
        });
        assertThat(address).isEqualTo("http://address-lab.team-nlp.svc.cluster.local/");
    }
}
