package dev.gpuportal.cluster.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.cluster.registry.RegisteredCluster;
import dev.gpuportal.tenancy.TenantProvisioning.Phase;
import dev.gpuportal.tenancy.TenantProvisioning.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class TenantStatusBoardTest {

    static final Instant DOWN_SINCE = Instant.parse("2026-11-29T17:00:00Z");

    final Map<String, RegisteredCluster.Outage> down = new ConcurrentHashMap<>();
    final TenantStatusBoard board = new TenantStatusBoard(
            Clock.fixed(Instant.parse("2026-11-29T17:05:00Z"), ZoneOffset.UTC),
            name -> Optional.ofNullable(down.get(name)));

    @Test
    void aTenantOnAClusterThatDoesNotAnswerIsMarkedThereAndOnlyThere() {
        board.set("nlp", "eu", Phase.READY, "ready");
        board.set("nlp", "us", Phase.READY, "ready");
        board.set("vision", "eu", Phase.READY, "ready");
        down.put("us", new RegisteredCluster.Outage(DOWN_SINCE, "connect timed out"));

        assertThat(board.statusOf("nlp"))
                .extracting(Status::cluster, Status::phase)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("eu", Phase.READY),
                        org.assertj.core.groups.Tuple.tuple("us", Phase.UNREACHABLE));
        assertThat(board.statusOf("nlp").get(1).message()).contains("'us' does not answer (connect timed out)");
        assertThat(board.statusOf("nlp").get(1).since()).isEqualTo(DOWN_SINCE);
        assertThat(board.statusOf("vision")).extracting(Status::phase).containsExactly(Phase.READY);

        down.remove("us");
        assertThat(board.statusOf("nlp")).extracting(Status::phase).containsOnly(Phase.READY);
    }

    @Test
    void pagesOfTheClustersTenantsHearWhenItGoesDownAndComesBackOnce() {
        board.set("nlp", "us", Phase.READY, "ready");
        board.set("vision", "eu", Phase.READY, "ready");
        List<String> told = new ArrayList<>();
        board.subscribe(told::add);

        down.put("us", new RegisteredCluster.Outage(DOWN_SINCE, "refused"));
        board.clusterChanged("us");
        board.clusterChanged("us"); // its nodes changed too: no second notice
        down.remove("us");
        board.clusterChanged("us");

        assertThat(told).containsExactly("nlp", "nlp");
    }
}
