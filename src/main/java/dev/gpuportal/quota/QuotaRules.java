package dev.gpuportal.quota;

import dev.gpuportal.base.Durations;
import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.base.Quantities;
import dev.gpuportal.gpu.GpuAmount;
import dev.gpuportal.gpu.GpuProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a typed quota into exact limits, or says per field what is wrong. Caps are checked against the total: a
 * cap that alone would exceed the tenant's GPU-equivalents is an error, not a silent no-op.
 */
final class QuotaRules {

    static final GpuAmount MAX_GPUS = GpuAmount.whole(4096);
    static final long MAX_CPU_MILLIS = 100_000L * 1000;
    static final long MAX_MEMORY = 1L << 50; // 1 PiB
    static final long MAX_STORAGE = 100L << 50; // 100 PiB
    static final int MAX_WORKLOADS = 10_000;
    static final int MAX_CAP = 100_000;
    static final Duration MIN_IDLE_LIMIT = Duration.ofMinutes(15);
    static final Duration MAX_IDLE_LIMIT = Duration.ofDays(30);

    private QuotaRules() {}

    static QuotaLimits parse(QuotaDraft draft, Iterable<GpuProfile> catalog) {
        FieldErrors errors = new FieldErrors();
        GpuAmount gpus = GpuAmount.ZERO;
        try {
            gpus = GpuAmount.parse(draft.gpus());
            if (gpus.isGreaterThan(MAX_GPUS)) {
                errors.add("gpus", "At most " + MAX_GPUS + " GPUs per tenant");
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            errors.add("gpus", e.getMessage());
        }
        long cpu = parse(errors, "cpu", draft.cpu(), Quantities::parseCpuMillis, MAX_CPU_MILLIS, "100000 cores");
        long memory = parse(errors, "memory", draft.memory(), Quantities::parseBytes, MAX_MEMORY, "1Pi");
        long storage = parse(errors, "storage", draft.storage(), Quantities::parseBytes, MAX_STORAGE, "100Pi");
        int workloads = 0;
        try {
            workloads = Integer.parseInt(
                    draft.maxWorkloads() == null ? "" : draft.maxWorkloads().strip());
            if (workloads < 0 || workloads > MAX_WORKLOADS) {
                errors.add("maxWorkloads", "Between 0 and " + MAX_WORKLOADS);
            }
        } catch (NumberFormatException e) {
            errors.add("maxWorkloads", "A whole number, e.g. 20");
        }

        Duration idleLimit = idleLimit(errors, draft.notebookIdleLimit());

        Map<String, GpuProfile> byName = new HashMap<>();
        catalog.forEach(p -> byName.put(p.getName(), p));
        Map<Long, Integer> caps = new HashMap<>();
        for (var entry : draft.profileCaps().entrySet()) {
            String field = "cap." + entry.getKey();
            String text = entry.getValue() == null ? "" : entry.getValue().strip();
            if (text.isEmpty()) {
                continue;
            }
            GpuProfile profile = byName.get(entry.getKey());
            if (profile == null) {
                errors.add(field, "There is no GPU profile '" + entry.getKey() + "'");
                continue;
            }
            int cap;
            try {
                cap = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                errors.add(field, "A whole number of " + profile.getShortLabel() + " units, or empty for no cap");
                continue;
            }
            if (cap < 0 || cap > MAX_CAP) {
                errors.add(field, "Between 0 and " + MAX_CAP);
                continue;
            }
            GpuAmount capped = profile.getEquivalent().times(cap);
            if (!errors.has("gpus") && capped.isGreaterThan(gpus)) {
                errors.add(
                        field,
                        cap + " × " + profile.getShortLabel() + " = " + capped.toPrettyString()
                                + " GPU, more than the tenant's total of " + gpus.toDecimalString() + " GPU");
                continue;
            }
            caps.put(profile.getId(), cap);
        }
        errors.throwIfAny();
        return new QuotaLimits(gpus, caps, cpu, memory, storage, workloads, idleLimit);
    }

    /** Blank (or "default"): the portal's default; "never" (or 0): notebooks are never stopped for being idle. */
    private static Duration idleLimit(FieldErrors errors, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.isEmpty() || t.equals("default")) {
            return null;
        }
        if (t.equals("never") || t.equals("0")) {
            return Duration.ZERO;
        }
        try {
            Duration limit = Durations.parse(t);
            if (limit.compareTo(MIN_IDLE_LIMIT) < 0 || limit.compareTo(MAX_IDLE_LIMIT) > 0) {
                errors.add("notebookIdleLimit", "Between 15m and 30d, or never");
            } else if (limit.toSecondsPart() != 0) {
                errors.add("notebookIdleLimit", "Whole minutes, e.g. 90m or 4h");
            }
            return limit;
        } catch (IllegalArgumentException e) {
            errors.add("notebookIdleLimit", e.getMessage() + ", or never");
            return null;
        }
    }

    /**
     * What a saved quota with a limit of 0 means for the tenant's people, one sentence per such limit: allowed (an
     * admin may freeze a tenant), but never silent.
     */
    static java.util.List<String> zeroLimitWarnings(
            String tenantSlug, QuotaLimits limits, Iterable<GpuProfile> catalog) {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        String nobody = "nobody in tenant " + tenantSlug + " can run anything";
        if (limits.maxWorkloads() == 0) {
            warnings.add("0 workloads: " + nobody);
        }
        if (limits.cpuMillis() == 0) {
            warnings.add("0 CPU: " + nobody + " (every workload asks for CPU)");
        }
        if (limits.memoryBytes() == 0) {
            warnings.add("0 memory: " + nobody + " (every workload asks for memory)");
        }
        if (limits.storageBytes() == 0) {
            warnings.add("0 storage: nobody in tenant " + tenantSlug
                    + " can have a notebook workspace or a checkpoint volume");
        }
        if (limits.gpus().isZero()) {
            warnings.add("0 GPUs: workloads in tenant " + tenantSlug + " can run on CPUs only");
        }
        Map<Long, GpuProfile> byId = new HashMap<>();
        catalog.forEach(p -> byId.put(p.getId(), p));
        limits.profileCaps().entrySet().stream()
                .filter(e -> e.getValue() == 0 && byId.containsKey(e.getKey()))
                .map(e -> byId.get(e.getKey()).getShortLabel())
                .sorted()
                .forEach(label ->
                        warnings.add("0 × " + label + ": nobody in tenant " + tenantSlug + " can use " + label));
        return java.util.List.copyOf(warnings);
    }

    static QuotaDraft toDraft(QuotaLimits limits, Iterable<GpuProfile> catalog) {
        Map<Long, GpuProfile> byId = new HashMap<>();
        catalog.forEach(p -> byId.put(p.getId(), p));
        Map<String, String> caps = limits.profileCaps().entrySet().stream()
                .filter(e -> byId.containsKey(e.getKey()))
                .collect(Collectors.toMap(
                        e -> byId.get(e.getKey()).getName(), e -> e.getValue().toString()));
        return new QuotaDraft(
                limits.gpus().toFractionString(),
                caps,
                Quantities.formatCpu(limits.cpuMillis()),
                Quantities.formatBytes(limits.memoryBytes()),
                Quantities.formatBytes(limits.storageBytes()),
                Integer.toString(limits.maxWorkloads()),
                limits.notebookIdleLimit() == null
                        ? ""
                        : limits.notebookIdleLimit().isZero() ? "never" : Durations.format(limits.notebookIdleLimit()));
    }

    private static long parse(
            FieldErrors errors, String field, String text, Function<String, Long> parser, long max, String maxText) {
        try {
            long value = parser.apply(text);
            if (value > max) {
                errors.add(field, "At most " + maxText);
            }
            return value;
        } catch (IllegalArgumentException | ArithmeticException e) {
            errors.add(field, e.getMessage());
            return 0;
        }
    }
}
