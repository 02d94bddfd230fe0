package dev.gpuportal.metrics;

import dev.gpuportal.base.Durations;
import dev.gpuportal.workload.WorkloadView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The words of the notifications an idle GPU brings its owner. Pure. */
final class IdleNotices {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private IdleNotices() {}

    static String idleTitle(WorkloadView w) {
        return w.kind().label() + " " + w.name() + ": its GPUs sit idle";
    }

    static String idleBody(WorkloadView w, MetricsSettings rule, Instant since) {
        return "The GPUs of " + w.tenant() + "/" + w.name() + " (" + w.gpuSummary() + ") stayed under "
                + rule.idleThresholdPercent() + " % utilisation for " + Durations.readable(rule.idleFor())
                + " (idle since " + TIME.format(since) + "). Stop it while it is not needed, so that your team can"
                + " use them.";
    }

    /** For a notebook whose kernel is in use: not stopped, and the smaller profile that would do, if any. */
    static String offerBody(
            WorkloadView w, MetricsSettings rule, Instant since, Optional<RightSizing.Suggestion> suggestion) {
        String idle = "The GPU of notebook " + w.tenant() + "/" + w.name() + " (" + w.gpuSummary() + ") stayed under "
                + rule.idleThresholdPercent() + " % utilisation for " + Durations.readable(rule.idleFor())
                + " (idle since " + TIME.format(since) + ") while it was in use, so it was not stopped. ";
        return idle
                + suggestion
                        .map(s -> s.text() + " Restart it on " + s.profileLabel() + " from its page.")
                        .orElse("No smaller profile would have done: stop it while you do not need the GPU.");
    }
}
