package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobRunsTest {

    @Test
    void aJobRestartedAtAnotherTimeIsAnEarlierRunInTheWay() {
        Job first = job(null);
        Job restarted = job("2026-11-29T20:00:00Z");
        assertThat(JobRuns.earlierRun(first, restarted)).isTrue();
        assertThat(JobRuns.earlierRun(restarted, job("2026-11-29T21:00:00Z"))).isTrue();
        assertThat(JobRuns.inTheWay(restarted, Optional.of(first))).contains(first);
    }

    @Test
    void theSameRunOrNoLiveJobOrAnotherKindIsNotInTheWay() {
        Job run = job("2026-11-29T20:00:00Z");
        assertThat(JobRuns.earlierRun(run, job("2026-11-29T20:00:00Z"))).isFalse();
        assertThat(JobRuns.earlierRun(job(null), job(null))).isFalse();
        assertThat(JobRuns.inTheWay(run, Optional.empty())).isEmpty();
        assertThat(JobRuns.inTheWay(
                        new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("x")
                                .endMetadata()
                                .build(),
                        Optional.of(job(null))))
                .isEmpty();
    }

    private static Job job(String restartedAt) {
        return new JobBuilder()
                .withNewMetadata()
                .withName("train")
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .withAnnotations(restartedAt == null ? null : Map.of(WorkloadManifests.RESTARTED_AT, restartedAt))
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build();
    }
}
