package dev.gpuportal.workload;

import dev.gpuportal.base.Durations;
import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.Names;
import dev.gpuportal.base.Quantities;
import dev.gpuportal.gpu.GpuProfile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Turns a typed workload request into a valid spec, or says per field what is wrong. Pure. */
final class WorkloadRules {

    static final int MAX_NAME = 40;
    static final long MIN_MEMORY = 64L << 20;
    static final long MAX_MEMORY = 2L << 40;
    static final long MAX_CPU_MILLIS = 256_000;
    static final long MAX_VOLUME = 64L << 40;
    static final int MAX_WORKERS = 64;
    static final int MAX_REPLICAS = 32;
    static final Duration MAX_RUN = Duration.ofDays(7);
    private static final Pattern IMAGE = Pattern.compile(
            "[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\\w][\\w.-]{0,127})?(@sha256:[a-f0-9]{64})?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private WorkloadRules() {}

    /** The catalog, image policy and node sizes the rules check against. */
    record Context(Map<String, GpuProfile> enabledProfiles, WorkloadSettings settings, GpuNodeCapacity capacity) {}

    /** A form read as far as it goes: the spec (with stand-ins where a field is wrong) and each field's message. */
    record Checked(WorkloadSpec spec, Map<String, String> errors) {}

    static WorkloadSpec validate(WorkloadForm form, Context context) {
        Checked checked = check(form, context);
        if (!checked.errors().isEmpty()) {
            throw new InvalidInputException(checked.errors());
        }
        return checked.spec();
    }

    /** The same rules as {@link #validate}, without throwing: for the request form's live preview. */
    static Checked check(WorkloadForm form, Context context) {
        FieldErrors errors = new FieldErrors();
        String nameProblem = Names.dnsLabelProblem(trim(form.name()), MAX_NAME);
        if (nameProblem != null) {
            errors.add("name", nameProblem);
        }
        String image = image(form.kind(), form.image(), context.settings(), errors);
        long cpu = cpu(form.cpu(), errors);
        long memory = size(form.memory(), "memory", MIN_MEMORY, MAX_MEMORY, errors);
        GpuProfile profile = null;
        int gpuCount = 0;
        String profileName = trim(form.gpuProfile());
        if (!profileName.isEmpty()) {
            profile = context.enabledProfiles().get(profileName);
            if (profile == null) {
                errors.add("gpuProfile", "There is no GPU profile '" + profileName + "' on offer");
            }
            gpuCount = gpuCount(form.gpuCount(), profile, context.capacity(), errors);
        } else if (!trim(form.gpuCount()).isEmpty() && !trim(form.gpuCount()).equals("0")) {
            errors.add("gpuProfile", "Choose a GPU profile for " + trim(form.gpuCount()) + " GPU(s)");
        }
        String profileKey = profile == null ? null : profile.getName();
        WorkloadSpec spec = switch (form) {
            case WorkloadForm.Notebook n ->
                new WorkloadSpec.Notebook(
                        image,
                        cpu,
                        memory,
                        profileKey,
                        gpuCount,
                        size(n.workspace(), "workspace", 1L << 30, MAX_VOLUME, errors));
            case WorkloadForm.Training t ->
                new WorkloadSpec.Training(
                        image,
                        command(t.command(), errors),
                        t.args(),
                        env(t.env(), errors),
                        cpu,
                        memory,
                        profileKey,
                        gpuCount,
                        integer(t.workers(), "workers", 1, MAX_WORKERS, WorkloadDefaults.WORKERS, errors),
                        integer(t.retries(), "retries", 0, 20, WorkloadDefaults.RETRIES, errors),
                        duration(t.maxRunTime(), errors),
                        size(t.checkpoint(), "checkpoint", 1L << 30, MAX_VOLUME, errors),
                        fastInterconnect(t.fastInterconnect(), profile, profileName, errors));
            case WorkloadForm.Inference i -> inference(i, image, cpu, memory, profileKey, gpuCount, errors);
        };
        try {
            errors.throwIfAny();
            return new Checked(spec, Map.of());
        } catch (InvalidInputException e) {
            return new Checked(spec, e.fieldErrors());
        }
    }

    private static WorkloadSpec.Inference inference(
            WorkloadForm.Inference i,
            String image,
            long cpu,
            long memory,
            String profile,
            int gpus,
            FieldErrors errors) {
        int min = integer(i.minReplicas(), "minReplicas", 1, MAX_REPLICAS, WorkloadDefaults.MIN_REPLICAS, errors);
        int max = integer(i.maxReplicas(), "maxReplicas", 1, MAX_REPLICAS, Integer.toString(min), errors);
        if (!errors.has("minReplicas") && !errors.has("maxReplicas") && max < min) {
            errors.add("maxReplicas", "At least the minimum (" + min + ")");
        }
        String path = trim(i.readinessPath()).isEmpty() ? WorkloadDefaults.READINESS_PATH : trim(i.readinessPath());
        if (!path.startsWith("/") || path.length() > 200 || path.contains(" ")) {
            errors.add("readinessPath", "An HTTP path such as /v2/health/ready");
        }
        return new WorkloadSpec.Inference(
                image,
                integer(i.port(), "port", 1, 65535, WorkloadDefaults.PORT, errors),
                cpu,
                memory,
                profile,
                gpus,
                min,
                max,
                integer(i.targetCpuPercent(), "targetCpuPercent", 10, 100, WorkloadDefaults.TARGET_CPU_PERCENT, errors),
                path);
    }

    /** Curated images are always fine; others must come from an allowed registry prefix. */
    static String image(WorkloadKind kind, String text, WorkloadSettings settings, FieldErrors errors) {
        String image = trim(text);
        if (image.isEmpty()) {
            errors.add("image", "Choose an image");
            return image;
        }
        if (settings.imagesFor(kind).contains(image)) {
            return image;
        }
        if (!IMAGE.matcher(image).matches()) {
            errors.add(
                    "image",
                    "'" + image + "' is not an image reference such as quay.io/jupyter/scipy-notebook:2026-11-02");
            return image;
        }
        String qualified = qualify(image);
        if (settings.allowedRegistries().stream().noneMatch(qualified::startsWith)) {
            errors.add(
                    "image",
                    "Images must come from an allowed registry (" + String.join(", ", settings.allowedRegistries())
                            + "); ask an admin to allow " + registryOf(qualified));
        }
        return image;
    }

    /** "python:3.12" → "docker.io/library/python:3.12", as container runtimes read it. */
    static String qualify(String image) {
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        if (slash < 0) {
            return "docker.io/library/" + image;
        }
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return image;
        }
        return "docker.io/" + image;
    }

    private static String registryOf(String qualified) {
        return qualified.substring(0, qualified.indexOf('/'));
    }

    private static long cpu(String text, FieldErrors errors) {
        try {
            long millis = Quantities.parseCpuMillis(trim(text));
            if (millis <= 0) {
                errors.add("cpu", "More than 0");
            } else if (millis > MAX_CPU_MILLIS) {
                errors.add("cpu", "At most " + MAX_CPU_MILLIS / 1000 + " cores per pod");
            }
            return millis;
        } catch (IllegalArgumentException e) {
            errors.add("cpu", e.getMessage());
            return 0;
        }
    }

    private static long size(String text, String field, long min, long max, FieldErrors errors) {
        try {
            long bytes = Quantities.parseBytes(trim(text));
            if (bytes < min) {
                errors.add(field, "At least " + Quantities.humanBytes(min));
            } else if (bytes > max) {
                errors.add(field, "At most " + Quantities.humanBytes(max));
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            errors.add(field, e.getMessage());
            return 0;
        }
    }

    private static int gpuCount(String text, GpuProfile profile, GpuNodeCapacity capacity, FieldErrors errors) {
        String t = trim(text).isEmpty() ? WorkloadDefaults.GPU_COUNT : trim(text);
        int count;
        try {
            count = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            String unit = profile == null ? "GPUs" : profile.getShortLabel() + " units";
            errors.add(
                    "gpuCount",
                    "A whole number of " + unit + " (not '" + t
                            + "'); for a fraction of a GPU choose a MIG or shared profile");
            return 0;
        }
        if (count < 1) {
            errors.add("gpuCount", "At least 1; for no GPU choose None (CPU only)");
            return 0;
        }
        if (count > 64) {
            errors.add("gpuCount", "At most 64 per pod");
            return count;
        }
        if (profile != null) {
            OptionalLong largest = capacity.largestNodeOffer(profile.getResourceName());
            if (largest.isPresent() && count > largest.getAsLong()) {
                errors.add(
                        "gpuCount",
                        "No node offers more than " + largest.getAsLong() + " × " + profile.getShortLabel()
                                + ": ask for at most " + largest.getAsLong() + " per pod, or use more workers");
            }
        }
        return count;
    }

    private static int integer(String text, String field, int min, int max, String fallback, FieldErrors errors) {
        String t = trim(text).isEmpty() ? fallback : trim(text);
        try {
            int value = Integer.parseInt(t);
            if (value < min || value > max) {
                errors.add(field, "Between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(field, "A whole number between " + min + " and " + max);
            return min;
        }
    }

    /** The fast interconnect links GPU nodes: a CPU-only job has nothing to keep together on it. */
    private static boolean fastInterconnect(
            boolean wanted, GpuProfile profile, String profileName, FieldErrors errors) {
        if (wanted && profile == null && profileName.isEmpty()) {
            errors.add(
                    "fastInterconnect",
                    "The fast interconnect links GPU nodes: choose a GPU profile, or leave this off for a CPU-only job");
        }
        return wanted;
    }

    private static List<String> command(List<String> command, FieldErrors errors) {
        if (command.isEmpty()
                || command.getFirst() == null
                || command.getFirst().isBlank()) {
            errors.add("command", "A training job needs a command, e.g. python (one item per line)");
        }
        return command;
    }

    private static Map<String, String> env(List<WorkloadForm.EnvVar> vars, FieldErrors errors) {
        Map<String, String> env = new LinkedHashMap<>();
        for (WorkloadForm.EnvVar var : vars) {
            String key = var.name() == null ? "" : var.name();
            if (var.value() == null || !ENV_NAME.matcher(key).matches()) {
                String typed = var.value() == null ? key : key + "=" + var.value();
                errors.add("env", "'" + typed + "' is not KEY=value (names: letters, digits, _)");
                continue;
            }
            env.put(key, var.value());
        }
        return env;
    }

    static long duration(String text, FieldErrors errors) {
        String t = trim(text).isEmpty() ? WorkloadDefaults.MAX_RUN_TIME : trim(text);
        long seconds;
        try {
            seconds = Durations.parse(t).toSeconds();
        } catch (IllegalArgumentException e) {
            errors.add("maxRunTime", e.getMessage());
            return 0;
        }
        if (seconds < 60 || seconds > MAX_RUN.toSeconds()) {
            errors.add("maxRunTime", "Between 1 minute and 7 days");
        }
        return seconds;
    }

    private static String trim(String text) {
        return text == null ? "" : text.strip();
    }

    /** The same workload on other GPUs. */
    static WorkloadSpec onGpus(WorkloadSpec spec, String gpuProfile, int gpuCount) {
        return switch (spec) {
            case WorkloadSpec.Notebook n ->
                new WorkloadSpec.Notebook(
                        n.image(), n.cpuMillis(), n.memoryBytes(), gpuProfile, gpuCount, n.workspaceBytes());
            case WorkloadSpec.Training t ->
                new WorkloadSpec.Training(
                        t.image(),
                        t.command(),
                        t.args(),
                        t.env(),
                        t.cpuMillis(),
                        t.memoryBytes(),
                        gpuProfile,
                        gpuCount,
                        t.workers(),
                        t.retries(),
                        t.maxRunSeconds(),
                        t.checkpointBytes(),
                        t.fastInterconnect());
            case WorkloadSpec.Inference i ->
                new WorkloadSpec.Inference(
                        i.image(),
                        i.port(),
                        i.cpuMillis(),
                        i.memoryBytes(),
                        gpuProfile,
                        gpuCount,
                        i.minReplicas(),
                        i.maxReplicas(),
                        i.targetCpuPercent(),
                        i.readinessPath());
        };
    }
}
