package dev.gpuportal.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.gpuportal.base.FieldErrors;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.gpu.GpuNeed;
import dev.gpuportal.metrics.MetricsSettingsForm;
import dev.gpuportal.onboarding.TenantSetup;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.SharingDraft;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.workload.WorkloadForm;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The API's request bodies as records, bound by the portal's strict JSON mapper. They only carry what was sent to
 * the services' own drafts and forms, whose rules (the same as the UI's) decide what is valid.
 */
final class Requests {

    /** Longest text accepted in any field; the rules of each field then apply their own, tighter limits. */
    static final int MAX_TEXT = 2000;

    static final String WHOLE_NUMBER_OR_TEXT = "A whole number or a string is expected";

    private Requests() {}

    /** A workload, told apart by "kind"; fields of another kind are unknown fields. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = NotebookInput.class, name = "notebook"),
        @JsonSubTypes.Type(value = TrainingInput.class, name = "training"),
        @JsonSubTypes.Type(value = InferenceInput.class, name = "inference")
    })
    sealed interface WorkloadInput permits NotebookInput, TrainingInput, InferenceInput {

        WorkloadForm toForm();

        /** The GPUs stated as a need instead of a profile; null when not given. */
        GpuNeedInput gpuNeed();

        default GpuNeed need() {
            return gpuNeed() == null
                    ? null
                    : new GpuNeed(gpuNeed().memoryGb(), gpuNeed().computeShare());
        }
    }

    /** "About this much GPU memory per pod (GB), and optionally this much compute (GPUs)", as numbers or text. */
    record GpuNeedInput(
            @JsonDeserialize(using = NumberOrText.class) String memoryGb,

            @JsonDeserialize(using = NumberOrText.class) String computeShare) {}

    record NotebookInput(
            String tenant,
            String name,
            String image,
            String cpu,
            String memory,
            String gpuProfile,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String gpuCount,

            String workspace,
            GpuNeedInput gpuNeed)
            implements WorkloadInput {

        @Override
        public WorkloadForm toForm() {
            checkLengths(this);
            return new WorkloadForm.Notebook(tenant, name, image, cpu, memory, gpuProfile, gpuCount, workspace);
        }
    }

    record TrainingInput(
            String tenant,
            String name,
            String image,
            List<String> command,
            List<String> args,
            Map<String, String> env,
            String cpu,
            String memory,
            String gpuProfile,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String gpuCount,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String workers,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String retries,

            String maxRunTime,
            String checkpoint,
            GpuNeedInput gpuNeed,
            Boolean fastInterconnect)
            implements WorkloadInput {

        @Override
        public WorkloadForm toForm() {
            checkLengths(this);
            List<WorkloadForm.EnvVar> vars = env == null
                    ? List.of()
                    : env.entrySet().stream()
                            .map(e -> new WorkloadForm.EnvVar(e.getKey(), e.getValue()))
                            .toList();
            return new WorkloadForm.Training(
                    tenant,
                    name,
                    image,
                    command,
                    args,
                    vars,
                    cpu,
                    memory,
                    gpuProfile,
                    gpuCount,
                    workers,
                    retries,
                    maxRunTime,
                    checkpoint,
                    Boolean.TRUE.equals(fastInterconnect));
        }
    }

    record InferenceInput(
            String tenant,
            String name,
            String image,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String port,

            String cpu,
            String memory,
            String gpuProfile,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String gpuCount,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String minReplicas,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String maxReplicas,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String targetCpuPercent,

            String readinessPath,
            GpuNeedInput gpuNeed)
            implements WorkloadInput {

        @Override
        public WorkloadForm toForm() {
            checkLengths(this);
            return new WorkloadForm.Inference(
                    tenant,
                    name,
                    image,
                    port,
                    cpu,
                    memory,
                    gpuProfile,
                    gpuCount,
                    minReplicas,
                    maxReplicas,
                    targetCpuPercent,
                    readinessPath);
        }
    }

    /** A tenant as changed with PUT; clusters left out keep the tenant where it is. */
    record TenantInput(
            String slug,
            String displayName,
            String description,
            List<String> allowedRegions,
            List<String> clusters,
            String isolationTier,
            String kubernetesVersion,
            List<String> nodePools) {

        TenantDraft toDraft() {
            checkLengths(this);
            return draft(slug, displayName, description, isolationTier, allowedRegions, kubernetesVersion, nodePools);
        }
    }

    /** A new tenant with, optionally, its members and quota (what the quota leaves out comes from the defaults). */
    record TenantCreateInput(
            String slug,
            String displayName,
            String description,
            List<String> allowedRegions,
            List<String> clusters,
            String isolationTier,
            String kubernetesVersion,
            List<String> nodePools,
            List<MemberInput> members,
            QuotaInput quota) {

        TenantSetup toSetup() {
            checkLengths(this);
            FieldErrors errors = new FieldErrors();
            TenantDraft draft = collect(
                    errors,
                    "",
                    () -> draft(
                            slug,
                            displayName,
                            description,
                            isolationTier,
                            allowedRegions,
                            kubernetesVersion,
                            nodePools));
            List<TenantSetup.Member> people = new java.util.ArrayList<>();
            if (members != null) {
                for (int i = 0; i < members.size(); i++) {
                    MemberInput m = members.get(i);
                    people.add(collect(errors, "members[" + i + "].", () -> m.toMember("member")));
                }
            }
            errors.throwIfAny();
            return new TenantSetup(draft, clusters, people, quota == null ? null : quota.toDraft());
        }
    }

    /** A quota; caps map GPU profile names to a count (blank: no cap). */
    record QuotaInput(
            String gpus,

            @JsonDeserialize(contentUsing = WholeNumberOrText.class)
            Map<String, String> caps,

            String cpu,
            String memory,
            String storage,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String maxWorkloads,

            String notebookIdleLimit) {

        QuotaDraft toDraft() {
            checkLengths(this);
            return new QuotaDraft(gpus, caps, cpu, memory, storage, maxWorkloads, notebookIdleLimit);
        }
    }

    /** Sharing limits in GPU-equivalents; blank or missing: the default. */
    record SharingInput(
            @JsonDeserialize(using = WholeNumberOrText.class)
            String borrowingLimit,

            @JsonDeserialize(using = WholeNumberOrText.class)
            String lendingLimit) {

        SharingDraft toDraft() {
            checkLengths(this);
            return new SharingDraft(borrowingLimit, lendingLimit);
        }
    }

    /** A membership: {"type":"group"|"user","subject":"vision-team","role":"member"}. */
    record MemberInput(String type, String subject, String role) {

        TenantSetup.Member toMember(String defaultRole) {
            checkLengths(this);
            FieldErrors errors = new FieldErrors();
            SubjectType subjectType = null;
            String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
            if (t.equals("group") || t.equals("user")) {
                subjectType = SubjectType.valueOf(t.toUpperCase(Locale.ROOT));
            } else {
                errors.add("type", "group or user");
            }
            TenantRole tenantRole = null;
            try {
                tenantRole = TenantRole.fromLabel(role == null ? defaultRole : role.strip());
            } catch (IllegalArgumentException e) {
                errors.add("role", e.getMessage());
            }
            errors.throwIfAny();
            return new TenantSetup.Member(subjectType, subject, tenantRole);
        }
    }

    /** A new key of an inference endpoint: {"name":"ci-pipeline"}. */
    record KeyInput(String name) {}

    /** The demo people's credentials for an API token. */
    record Credentials(String username, String password) {}

    private static TenantDraft draft(
            String slug,
            String displayName,
            String description,
            String isolationTier,
            List<String> allowedRegions,
            String kubernetesVersion,
            List<String> nodePools) {
        IsolationTier tier = IsolationTier.SHARED;
        if (isolationTier != null && !isolationTier.isBlank()) {
            try {
                tier = IsolationTier.valueOf(isolationTier.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("isolationTier", "shared or dedicated");
            }
        }
        return new TenantDraft(slug, displayName, description, tier, allowedRegions, kubernetesVersion, nodePools);
    }

    private static <T> T collect(FieldErrors errors, String prefix, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach((field, message) -> errors.add(prefix + field, message));
            return null;
        }
    }

    /** Refuses any text over {@link #MAX_TEXT} characters, naming the field (nested records and lists too). */
    static void checkLengths(Record input) {
        FieldErrors errors = new FieldErrors();
        checkLengths(input, "", errors);
        errors.throwIfAny();
    }

    private static void checkLengths(Object value, String field, FieldErrors errors) {
        switch (value) {
            case null -> {}
            case String text when text.length() > MAX_TEXT -> errors.add(field, "At most " + MAX_TEXT + " characters");
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    checkLengths(list.get(i), field + "[" + i + "]", errors);
                }
            }
            case Map<?, ?> map ->
                map.forEach((key, item) -> {
                    checkLengths(key, field, errors);
                    checkLengths(item, field + "." + key, errors);
                });
            case Record record -> {
                for (RecordComponent component : record.getClass().getRecordComponents()) {
                    try {
                        Object part = component.getAccessor().invoke(record);
                        checkLengths(part, (field.isEmpty() ? "" : field + ".") + component.getName(), errors);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            default -> {}
        }
    }

    /** The admins' metrics settings: the idle rule and the price per GPU-hour by GPU product. */
    record MetricsSettingsInput(
            @JsonDeserialize(using = NumberOrText.class) String idleThresholdPercent,

            @JsonDeserialize(using = NumberOrText.class) String idleMinutes,

            @JsonDeserialize(contentUsing = NumberOrText.class)
            Map<String, String> prices) {

        MetricsSettingsForm toForm() {
            checkLengths(this);
            return new MetricsSettingsForm(idleThresholdPercent, idleMinutes, prices);
        }
    }

    /** Amounts may be sent as JSON numbers (20, 0.5) or as text ("20 GB", "1/2"); anything else is refused. */
    static final class NumberOrText extends ValueDeserializer<String> {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING
                    || token == JsonToken.VALUE_NUMBER_INT
                    || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return parser.getString();
            }
            return (String) context.reportInputMismatch(String.class, "A number or a string is expected");
        }
    }

    /** Counts may be sent as JSON numbers or as text ("2"); anything else (1.5, true, objects) is refused. */
    static final class WholeNumberOrText extends ValueDeserializer<String> {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT) {
                return parser.getString();
            }
            return (String) context.reportInputMismatch(String.class, WHOLE_NUMBER_OR_TEXT);
        }
    }
}
