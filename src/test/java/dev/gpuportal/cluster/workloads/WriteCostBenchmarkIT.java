package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.cluster.engine.Apply;
import dev.gpuportal.testsupport.kubernetes.ProcessCpu;
import dev.gpuportal.testsupport.kubernetes.SimulatedCluster;
import dev.gpuportal.workload.WorkloadSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * What one write of a new workload costs the API server, the two ways the engine can write it: a server-side apply
 * that creates the objects, and the create it now sends instead ({@link Apply#create}). The same training jobs as the
 * portal renders them (a claim and a Job each; the Jobs suspended, so that no pods add work of their own), written by
 * 16 threads in rounds that alternate the two ways; prints the API server's and etcd's CPU per job for each way and
 * the ratio. Figures, not a check: it asserts only that every object was made.
 *
 * <p>{@code -Dbenchmark.jobs=500} jobs per round (default), {@code -Dbenchmark.rounds=3} rounds per way.
 */
class WriteCostBenchmarkIT {

    static final int JOBS = Integer.getInteger("benchmark.jobs", 500);
    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
    static final int CLIENTS = 16;

    final KubernetesClient admin = SimulatedCluster.shared().admin();

    enum Way {
        APPLY((client, object) -> Apply.serverSideApply(client, object)),
        CREATE((client, object) -> assertThat(Apply.create(client, object)).isPresent());

        final BiConsumer<KubernetesClient, HasMetadata> write;

        Way(BiConsumer<KubernetesClient, HasMetadata> write) {
            this.write = write;
        }
    }

    @Test
    void aServerSideApplyThatCreatesAgainstACreate() throws Exception {
        Map<Way, double[]> spent = new java.util.EnumMap<>(Way.class);
        for (Way way : Way.values()) {
            spent.put(way, new double[3]); // API server CPU s, etcd CPU s, wall s
        }
        round(Way.APPLY, "write-cost-warm-a", Math.min(JOBS, 100)); // the API server's and this JVM's first calls
        round(Way.CREATE, "write-cost-warm-c", Math.min(JOBS, 100));
        for (int r = 0; r < ROUNDS; r++) {
            for (Way way : r % 2 == 0 ? List.of(Way.APPLY, Way.CREATE) : List.of(Way.CREATE, Way.APPLY)) {
                double[] figures = round(way, "write-cost-" + way.name().toLowerCase() + "-" + r, JOBS);
                for (int i = 0; i < 3; i++) {
                    spent.get(way)[i] += figures[i];
                }
            }
        }

        int jobs = JOBS * ROUNDS;
        double[] apply = spent.get(Way.APPLY);
        double[] create = spent.get(Way.CREATE);
        System.out.printf(
                "BENCHMARK write cost, %d training jobs (claim + suspended Job) per way in %d rounds, %d clients:%n"
                        + "  server-side apply: API server %.2f ms CPU per job, etcd %.2f ms, %.0f jobs/s%n"
                        + "  create:            API server %.2f ms CPU per job, etcd %.2f ms, %.0f jobs/s%n"
                        + "  create/apply: API server CPU %.2f, throughput %.2f%n",
                jobs,
                ROUNDS,
                CLIENTS,
                1000 * apply[0] / jobs,
                1000 * apply[1] / jobs,
                jobs / apply[2],
                1000 * create[0] / jobs,
                1000 * create[1] / jobs,
                jobs / create[2],
                create[0] / apply[0],
                apply[2] / create[2]);
    }

    /** Writes {@code jobs} jobs into a new namespace; returns API server CPU, etcd CPU and wall time, in seconds. */
    private double[] round(Way way, String namespace, int jobs) throws Exception {
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        List<List<HasMetadata>> objects = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            objects.add(trainingJob(namespace, "job-" + i));
        }
        ProcessCpu.Reading before = ProcessCpu.read();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> writes = new ArrayList<>();
            for (List<HasMetadata> job : objects) {
                writes.add(clients.submit(() -> job.forEach(o -> way.write.accept(admin, o))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        ProcessCpu.Reading after = ProcessCpu.read();
        assertThat(admin.batch().v1().jobs().inNamespace(namespace).list().getItems())
                .hasSize(jobs);
        return new double[] {
            after.seconds().getOrDefault("kube-apiserver", 0.0)
                    - before.seconds().getOrDefault("kube-apiserver", 0.0),
            after.seconds().getOrDefault("etcd", 0.0) - before.seconds().getOrDefault("etcd", 0.0),
            wall
        };
    }

    private static List<HasMetadata> trainingJob(String namespace, String name) {
        var spec = new WorkloadSpec.Training(
                "nvcr.io/nvidia/pytorch:26.10-py3",
                List.of("python", "train.py"),
                List.of(),
                Map.of(),
                1000,
                2L << 30,
                "mig-1g.10gb",
                1,
                1,
                0,
                7200,
                1L << 30,
                false);
        var blueprint = WorkloadSubmissionBenchmarkIT.running(
                namespace, 1, name, spec, "nvidia.com/mig-1g.10gb", "NVIDIA-H100-80GB-HBM3");
        List<HasMetadata> objects = WorkloadManifests.render(blueprint);
        objects.stream()
                .filter(Job.class::isInstance)
                .map(Job.class::cast)
                .forEach(job -> job.getSpec().setSuspend(true));
        return objects;
    }
}
