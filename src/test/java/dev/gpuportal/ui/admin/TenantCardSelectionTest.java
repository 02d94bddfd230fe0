package dev.gpuportal.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.quota.QuotaUsage;
import dev.gpuportal.quota.QuotaView;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TenantCardSelectionTest {

    private final List<QuotaUsage> usages = IntStream.range(0, 120)
            .mapToObj(i -> usage("team-" + i, i % 2 == 0 ? "Vision " + i : "Speech " + i))
            .toList();

    @Test
    void aPageOfTenantsAtATime() {
        var first = TenantCardSelection.of(usages, "", TenantCardSelection.PAGE);
        assertThat(first.shown()).hasSize(50);
        assertThat(first.matching()).isEqualTo(120);
        assertThat(first.more()).isTrue();
        assertThat(first.nextPage()).isEqualTo(50);
        assertThat(TenantCardSelection.of(usages, "", 100).nextPage()).isEqualTo(20);
        var all = TenantCardSelection.of(usages, null, 150);
        assertThat(all.shown()).hasSize(120);
        assertThat(all.more()).isFalse();
    }

    @Test
    void whatIsTypedFindsTenantsBySlugOrNameIgnoringCase() {
        assertThat(TenantCardSelection.of(usages, " SPEECH ", 50).matching()).isEqualTo(60);
        assertThat(TenantCardSelection.of(usages, "team-11", 50).shown())
                .extracting(u -> u.quota().tenantSlug())
                .containsExactly(
                        "team-11",
                        "team-110",
                        "team-111",
                        "team-112",
                        "team-113",
                        "team-114",
                        "team-115",
                        "team-116",
                        "team-117",
                        "team-118",
                        "team-119");
        var none = TenantCardSelection.of(usages, "nobody", 50);
        assertThat(none.shown()).isEmpty();
        assertThat(none.more()).isFalse();
    }

    private static QuotaUsage usage(String slug, String name) {
        return new QuotaUsage(
                new QuotaView(slug, name, null, List.of(), 0, null, null, null, null), List.of(), 0, 0, 0, 0);
    }
}
