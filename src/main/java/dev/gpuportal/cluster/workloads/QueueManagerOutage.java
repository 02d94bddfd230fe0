package dev.gpuportal.cluster.workloads;

import java.util.List;
import java.util.Locale;

/**
 * Tells a refusal that only means "Kueue is not answering" from a real one. With Kueue's webhooks registered and
 * its manager down (or unreachable), the API server refuses every Job for a queue, since those webhooks fail closed:
 * the request is fine and is kept, and is sent again until Kueue answers. Pure.
 */
final class QueueManagerOutage {

    /** What the user reads meanwhile. */
    static final String WAITING = "Waiting for the queue manager: Kueue does not answer right now, so the job cannot"
            + " be handed to its queue yet. It is kept and submitted again by itself, and runs once Kueue is back";

    private QueueManagerOutage() {}

    /** Whether the API server's refusal came from a Kueue webhook it could not call. */
    static boolean isQueueManagerDown(String refusal) {
        String text = refusal == null ? "" : refusal.toLowerCase(Locale.ROOT);
        return text.contains("failed calling webhook") && (text.contains("kueue") || text.contains("-batch-v1-job"));
    }

    /** Whether every refusal of one pass came from Kueue's webhooks being down (and there was one). */
    static boolean onlyQueueManagerDown(List<String> refusals) {
        return !refusals.isEmpty() && refusals.stream().allMatch(QueueManagerOutage::isQueueManagerDown);
    }
}
