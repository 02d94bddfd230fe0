package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A Job refused because Kueue's webhooks do not answer waits for the queue manager; other refusals stay failures. */
class QueueManagerOutageTest {

    static final String WEBHOOK_DOWN = "Job train-1: Internal error occurred: failed calling webhook \"mjob.kb.io\":"
            + " failed to call webhook: Post \"https://127.0.0.1:41234/mutate-batch-v1-job?timeout=10s\": dial tcp"
            + " 127.0.0.1:41234: connect: connection refused";
    static final String IN_CLUSTER = "Job train-1: Internal error occurred: failed calling webhook \"vjob.kb.io\":"
            + " failed to call webhook: Post \"https://kueue-webhook-service.kueue-system.svc:443/validate-batch-v1-job"
            + "?timeout=10s\": no endpoints available for service \"kueue-webhook-service\"";

    @Test
    void kueuesWebhooksNotAnsweringIsAnOutageNotARefusal() {
        assertThat(QueueManagerOutage.isQueueManagerDown(WEBHOOK_DOWN)).isTrue();
        assertThat(QueueManagerOutage.isQueueManagerDown(IN_CLUSTER)).isTrue();
        assertThat(QueueManagerOutage.onlyQueueManagerDown(List.of(WEBHOOK_DOWN, IN_CLUSTER)))
                .isTrue();
    }

    @Test
    void otherRefusalsAndOtherWebhooksStayFailures() {
        String quota = "Job train-1: exceeded quota: gpu-portal, requested: requests.nvidia.com/gpu=1";
        String otherWebhook =
                "Internal error occurred: failed calling webhook \"policy.example.com\": connection" + " refused";
        assertThat(QueueManagerOutage.isQueueManagerDown(quota)).isFalse();
        assertThat(QueueManagerOutage.isQueueManagerDown(otherWebhook)).isFalse();
        assertThat(QueueManagerOutage.onlyQueueManagerDown(List.of(WEBHOOK_DOWN, quota)))
                .isFalse();
        assertThat(QueueManagerOutage.onlyQueueManagerDown(List.of())).isFalse();
    }
}
