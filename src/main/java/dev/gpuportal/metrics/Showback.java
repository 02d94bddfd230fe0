package dev.gpuportal.metrics;

import dev.gpuportal.gpu.GpuAmount;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Showback arithmetic: every sample in which a pod held GPUs counts one step of allocation (its profile's
 * GPU-equivalent × units × step), and the same times its utilisation as use. Sums are exact fractions of
 * GPU-equivalent-hours (utilisation is read to 0.1 %); cost is allocated hours × the product's price. Pure.
 */
public final class Showback {

    private Showback() {}

    /** A pod seen holding {@code units} of a profile at {@code at} on {@code node}, using {@code utilisation} (0-1). */
    record Point(
            Instant at,
            String tenant,
            String profile,
            String gpuModel,
            GpuAmount unit,
            int units,
            double utilisation,
            String node) {}

    /** One line of the report: a tenant's use of one profile on one day (UTC). */
    public record Row(
            LocalDate day,
            String tenant,
            String profile,
            String gpuModel,
            GpuAmount allocatedHours,
            GpuAmount usedHours,
            BigDecimal cost) {}

    static List<Row> tally(List<Point> points, Duration step, Map<String, BigDecimal> pricePerGpuHour) {
        record Key(LocalDate day, String tenant, String profile, String gpuModel) {}
        Map<Key, GpuAmount[]> sums = new TreeMap<>(
                Comparator.comparing(Key::day).thenComparing(Key::tenant).thenComparing(Key::profile));
        long stepSeconds = step.toSeconds();
        for (Point p : points) {
            GpuAmount allocated = GpuAmount.of(
                    Math.multiplyExact(p.unit().numerator(), (long) p.units() * stepSeconds),
                    Math.multiplyExact(p.unit().denominator(), 3600));
            long permille = Math.round(Math.max(0, Math.min(1, p.utilisation())) * 1000);
            GpuAmount used = GpuAmount.of(
                    Math.multiplyExact(allocated.numerator(), permille),
                    Math.multiplyExact(allocated.denominator(), 1000));
            Key key = new Key(LocalDate.ofInstant(p.at(), ZoneOffset.UTC), p.tenant(), p.profile(), p.gpuModel());
            GpuAmount[] sum = sums.computeIfAbsent(key, k -> new GpuAmount[] {GpuAmount.ZERO, GpuAmount.ZERO});
            sum[0] = sum[0].plus(allocated);
            sum[1] = sum[1].plus(used);
        }
        return sums.entrySet().stream()
                .map(e -> new Row(
                        e.getKey().day(),
                        e.getKey().tenant(),
                        e.getKey().profile(),
                        e.getKey().gpuModel(),
                        e.getValue()[0],
                        e.getValue()[1],
                        cost(e.getValue()[0], pricePerGpuHour.get(e.getKey().gpuModel()))))
                .toList();
    }

    static BigDecimal cost(GpuAmount hours, BigDecimal price) {
        if (price == null) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(hours.numerator())
                .multiply(price)
                .divide(BigDecimal.valueOf(hours.denominator()), 2, RoundingMode.HALF_UP);
    }
}
