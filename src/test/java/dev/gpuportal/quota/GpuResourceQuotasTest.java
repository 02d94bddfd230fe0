package dev.gpuportal.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.gpu.GpuProfileDraft;
import dev.gpuportal.gpu.GpuProfileKind;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuResourceQuotasTest {

    static final GpuProfile H100 = profile(1, "h100-80gb", GpuProfileKind.WHOLE, "nvidia.com/gpu", "1");
    static final GpuProfile A100 = profile(2, "a100-80gb", GpuProfileKind.WHOLE, "nvidia.com/gpu", "1");
    static final GpuProfile MIG1 = profile(3, "mig-1g.10gb", GpuProfileKind.MIG, "nvidia.com/mig-1g.10gb", "1/7");
    static final GpuProfile MIG3 = profile(4, "mig-3g.40gb", GpuProfileKind.MIG, "nvidia.com/mig-3g.40gb", "3/7");
    static final GpuProfile SHARED = profile(5, "shared", GpuProfileKind.TIME_SLICED, "nvidia.com/gpu.shared", "1/2");
    static final List<GpuProfile> CATALOG = List.of(H100, A100, MIG1, MIG3, SHARED);

    @Test
    void theDocumentedExample() {
        QuotaLimits limits = new QuotaLimits(GpuAmount.parse("2.5"), Map.of(3L, 4), 0, 0, 0, 0, null);
        assertThat(GpuResourceQuotas.maxUnitsByResource(limits, CATALOG))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "nvidia.com/gpu", 2L,
                        "nvidia.com/mig-1g.10gb", 4L,
                        "nvidia.com/mig-3g.40gb", 5L,
                        "nvidia.com/gpu.shared", 5L));
    }

    @Test
    void sharedResourceNameIsCappedOnlyWhenAllItsProfilesAreCapped() {
        QuotaLimits oneCapped = new QuotaLimits(GpuAmount.whole(4), Map.of(1L, 1), 0, 0, 0, 0, null);
        assertThat(GpuResourceQuotas.maxUnitsByResource(oneCapped, CATALOG)).containsEntry("nvidia.com/gpu", 4L);
        QuotaLimits bothCapped = new QuotaLimits(GpuAmount.whole(4), Map.of(1L, 1, 2L, 2), 0, 0, 0, 0, null);
        assertThat(GpuResourceQuotas.maxUnitsByResource(bothCapped, CATALOG)).containsEntry("nvidia.com/gpu", 3L);
    }

    @Test
    void noQuotaMeansZeroOfEverything() {
        assertThat(GpuResourceQuotas.maxUnitsByResource(QuotaLimits.NONE, CATALOG)
                        .values())
                .containsOnly(0L);
    }

    /** Builds a catalog entry with an id, as the database would. */
    static GpuProfile profile(long id, String name, GpuProfileKind kind, String resource, String equivalent) {
        try {
            Constructor<GpuProfile> constructor = GpuProfile.class.getDeclaredConstructor(GpuProfileDraft.class);
            constructor.setAccessible(true);
            GpuProfile profile = constructor.newInstance(
                    new GpuProfileDraft(name, name, name, "NVIDIA-H100-80GB-HBM3", kind, resource, equivalent, true));
            Field idField = GpuProfile.class.getDeclaredField("id");
            idField.setAccessible(true);
            idField.set(profile, id);
            return profile;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
