package dev.gpuportal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.workload.DesiredState;
import dev.gpuportal.workload.ObservedPhase;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdleNoticesTest {

    static final MetricsSettings RULE = new MetricsSettings(5, Duration.ofHours(2), Map.of());
    static final Instant SINCE = Instant.parse("2026-11-29T08:15:00Z");

    static WorkloadView notebook() {
        return new WorkloadView(
                7,
                "nlp",
                WorkloadKind.NOTEBOOK,
                "explore",
                "nina",
                "h100-80gb",
                "1 × H100",
                "1",
                "1 GPU (H100)",
                DesiredState.RUNNING,
                ObservedPhase.RUNNING,
                null,
                SINCE,
                SINCE,
                null,
                0);
    }

    @Test
    void anOfferSaysItWasNotStoppedAndNamesTheSmallerProfile() {
        var suggestion = new RightSizing.Suggestion(
                "mig-1g.10gb",
                "1g.10gb",
                1,
                GpuAmount.of(6, 7),
                "Peaked at 7.0 GB and 9 % compute on a whole H100: a"
                        + " 1g.10gb slice covers it and frees 6/7 GPU for your team.");
        assertThat(IdleNotices.offerBody(notebook(), RULE, SINCE, Optional.of(suggestion)))
                .isEqualTo("The GPU of notebook nlp/explore (1 × H100) stayed under 5 % utilisation for 2 h (idle since"
                        + " 2026-11-29 08:15 UTC) while it was in use, so it was not stopped. Peaked at 7.0 GB and 9 %"
                        + " compute on a whole H100: a 1g.10gb slice covers it and frees 6/7 GPU for your team."
                        + " Restart it on 1g.10gb from its page.");
    }

    @Test
    void withoutASmallerProfileItSaysSo() {
        assertThat(IdleNotices.offerBody(notebook(), RULE, SINCE, Optional.empty()))
                .endsWith("No smaller profile would have done: stop it while you do not need the GPU.");
        assertThat(IdleNotices.idleTitle(notebook())).isEqualTo("Notebook explore: its GPUs sit idle");
    }
}
