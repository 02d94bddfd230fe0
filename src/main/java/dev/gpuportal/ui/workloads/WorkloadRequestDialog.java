package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.gpuportal.base.ConflictException;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.base.NotFoundException;
import dev.gpuportal.gpu.GpuFormat;
import dev.gpuportal.gpu.GpuNeed;
import dev.gpuportal.gpu.GpuNeedRules;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.quota.QuotaExceededException;
import dev.gpuportal.quota.QuotaShortfall;
import dev.gpuportal.ui.base.Notifications;
import dev.gpuportal.workload.WorkloadDefaults;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;

/**
 * One form per kind of workload. Shows before submitting what the request costs in GPU-equivalents, what the tenant
 * has left and every quota limit it would exceed (the service's own rules); messages appear at the fields or in the
 * dialog, never as toasts over the inputs.
 */
class WorkloadRequestDialog extends Dialog {

    private static final Logger log = LoggerFactory.getLogger(WorkloadRequestDialog.class);

    static final String NO_GPU = "";

    final Select<String> tenant = new Select<>();
    final TextField name = new TextField("Name");
    final ComboBox<String> image = new ComboBox<>("Image");
    final TextField cpu = new TextField("CPU (cores)");
    final TextField memory = new TextField("Memory");
    final Select<String> gpuProfile = new Select<>();
    final TextField gpuCount = new TextField("GPUs per pod");
    /** Or the GPUs as a need: the service picks the cheapest covering profile into the two fields above. */
    final TextField needMemory = new TextField("Or state a need: GPU memory (GB)");

    final TextField needCompute = new TextField("Compute (GPUs, optional)");
    final Span needPick = new Span();
    final TextField workspace = new TextField("Workspace volume");
    final TextArea command = new TextArea("Command (one item per line)");
    final TextArea args = new TextArea("Arguments (one per line)");
    final TextArea env = new TextArea("Environment (KEY=value per line)");
    final TextField workers = new TextField("Workers");
    final TextField retries = new TextField("Retries");
    final TextField maxRunTime = new TextField("Maximum run time");
    final TextField checkpoint = new TextField("Checkpoint volume");
    final Checkbox fastInterconnect = new Checkbox("Keep workers together on the fast interconnect");
    final TextField port = new TextField("Port");
    final TextField minReplicas = new TextField("Min replicas");
    final TextField maxReplicas = new TextField("Max replicas");
    final TextField targetCpu = new TextField("Scale at CPU %");
    final TextField readinessPath = new TextField("Readiness path");
    final Span cost = new Span();
    final UnorderedList refusals = new UnorderedList();
    /** Where GPUs are shared: guaranteed or opportunistic (may borrow and be preempted), with the numbers. */
    final Span sharing = new Span();

    final Div notice = new Div();
    final Div problem = new Div();
    final Button submit = new Button("Submit");

    private final WorkloadKind kind;
    private final WorkloadService workloads;

    WorkloadRequestDialog(
            WorkloadKind kind,
            List<String> tenants,
            List<GpuProfile> profiles,
            List<String> images,
            WorkloadService workloads,
            Consumer<Long> onSubmitted) {
        this.kind = kind;
        this.workloads = workloads;
        setHeaderTitle("New " + kind.label().toLowerCase());
        tenant.setLabel("Tenant");
        tenant.setItems(tenants);
        tenant.setValue(tenants.getFirst());
        tenant.setVisible(tenants.size() > 1);
        name.setHelperText("Lower-case letters, digits and '-'");
        image.setItems(images);
        image.setAllowCustomValue(true);
        image.addCustomValueSetListener(e -> image.setValue(e.getDetail()));
        image.setValue(images.getFirst());
        image.setHelperText("A curated image, or one from an allowed registry");
        gpuProfile.setLabel("GPU");
        List<String> profileNames = new ArrayList<>();
        profileNames.add(NO_GPU);
        Map<String, GpuProfile> byName = new HashMap<>();
        profiles.forEach(p -> {
            profileNames.add(p.getName());
            byName.put(p.getName(), p);
        });
        gpuProfile.setItems(profileNames);
        gpuProfile.setItemLabelGenerator(n -> n.isEmpty()
                ? "None (CPU only)"
                : byName.get(n).getDisplayName() + " — " + GpuFormat.of(byName.get(n), 1));
        gpuProfile.setHelperText("Costs are in GPU-equivalents: 1 is a whole GPU, a slice its fraction");
        gpuProfile.setTooltipText(GpuFormat.EQUIVALENT_HELP);
        gpuProfile.setValue(profiles.stream()
                .filter(p -> p.getName().startsWith("mig-1g"))
                .map(GpuProfile::getName)
                .findFirst()
                .orElse(NO_GPU));
        gpuCount.setValue(WorkloadDefaults.GPU_COUNT);
        needMemory.setPlaceholder("e.g. 20");
        needMemory.setHelperText("Picks the cheapest profile that covers it, with 20 % head-room");
        needCompute.setPlaceholder("e.g. 0.5");
        needPick.addClassName("need-pick");
        needPick.getElement().setAttribute("aria-live", "polite");
        needPick.setVisible(false);
        cpu.setValue("2");
        memory.setValue("8Gi");
        cost.addClassName("cost-preview");
        cost.setTitle(GpuFormat.EQUIVALENT_HELP);
        refusals.addClassName("cost-refusals");
        sharing.addClassName("sharing-note");
        sharing.getElement().setAttribute("role", "note");
        sharing.setVisible(false);
        notice.addClassNames("notice", "scheduling-notice");
        notice.getElement().setAttribute("role", "note");
        problem.addClassName("request-problem");
        problem.getElement().setAttribute("role", "alert");
        problem.setVisible(false);

        FormLayout form = new FormLayout();
        form.add(tenant, name, image, gpuProfile, gpuCount, needMemory, needCompute, needPick, cpu, memory);
        form.setColspan(image, 2);
        form.setColspan(gpuProfile, 2);
        form.setColspan(needPick, 2);
        switch (kind) {
            case NOTEBOOK -> {
                workspace.setValue("20Gi");
                form.add(workspace);
            }
            case TRAINING_JOB -> {
                command.setPlaceholder("python\ntrain.py");
                workers.setValue(WorkloadDefaults.WORKERS);
                workers.setHelperText("More than 1: an indexed job whose workers find each other");
                retries.setValue(WorkloadDefaults.RETRIES);
                maxRunTime.setValue(WorkloadDefaults.MAX_RUN_TIME);
                checkpoint.setValue("50Gi");
                checkpoint.setHelperText("Mounted at /checkpoints");
                fastInterconnect.setHelperText("All workers in one network block, with the nodes' RDMA devices;"
                        + " it may wait longer for room");
                form.add(command, args, env, workers, retries, maxRunTime, checkpoint, fastInterconnect);
            }
            case INFERENCE_ENDPOINT -> {
                port.setValue(WorkloadDefaults.PORT);
                minReplicas.setValue(WorkloadDefaults.MIN_REPLICAS);
                maxReplicas.setValue(WorkloadDefaults.MIN_REPLICAS);
                targetCpu.setValue(WorkloadDefaults.TARGET_CPU_PERCENT);
                readinessPath.setValue(WorkloadDefaults.READINESS_PATH);
                readinessPath.setHelperText("Triton: /v2/health/ready, vLLM: /health");
                form.add(port, readinessPath, minReplicas, maxReplicas, targetCpu);
            }
        }
        add(notice, form, cost, sharing, refusals, problem);
        for (TextField f : List.of(needMemory, needCompute)) {
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.addValueChangeListener(e -> pickForNeed());
        }
        for (TextField f : List.of(gpuCount, cpu, memory, workspace, checkpoint, workers, minReplicas, maxReplicas)) {
            f.setValueChangeMode(ValueChangeMode.LAZY);
        }
        List<HasValue<?, ?>> costInputs = List.of(
                tenant, gpuProfile, gpuCount, cpu, memory, workspace, checkpoint, workers, minReplicas, maxReplicas);
        costInputs.forEach(f -> f.addValueChangeListener(e -> updateCost()));
        tenant.addValueChangeListener(e -> updateNotice());
        updateNotice();
        updateCost();

        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickListener(e -> submit(onSubmitted));
        getFooter().add(new Button("Cancel", e -> close()), submit);
        setWidth("52rem");
        setMaxWidth("100%");
    }

    /** Puts the profile the stated need picks into the GPU fields and says why, or marks the need's fields. */
    void pickForNeed() {
        for (TextField f : List.of(needMemory, needCompute)) {
            f.setInvalid(false);
            f.setErrorMessage(null);
        }
        needPick.setVisible(false);
        if (needMemory.getValue().isBlank() && needCompute.getValue().isBlank()) {
            return;
        }
        try {
            GpuNeedRules.Pick pick =
                    workloads.pick(tenant.getValue(), new GpuNeed(needMemory.getValue(), needCompute.getValue()));
            gpuProfile.setValue(pick.profile());
            gpuCount.setValue(Integer.toString(pick.units()));
            needPick.setText("Picked " + pick.profileLabel() + (pick.units() > 1 ? " × " + pick.units() : "") + ": "
                    + pick.text());
            needPick.setVisible(true);
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach((field, message) -> {
                TextField target = field.equals(GpuNeed.COMPUTE_FIELD) ? needCompute : needMemory;
                target.setErrorMessage(message);
                target.setInvalid(true);
            });
        } catch (AccessDeniedException | NotFoundException e) {
            needMemory.setErrorMessage(e.getMessage());
            needMemory.setInvalid(true);
        }
    }

    /** Submits; field messages go to their fields, refusals and conflicts into the dialog above its buttons. */
    void submit(Consumer<Long> onSubmitted) {
        Map<String, HasValidation> fields = fields();
        fields.values().forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
        problem.setVisible(false);
        long id;
        try {
            id = workloads.submit(form()).id();
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach((field, message) -> {
                HasValidation target = fields.get(field);
                if (target != null && shown((Component) target)) {
                    target.setErrorMessage(message);
                    target.setInvalid(true);
                } else {
                    showProblem(message);
                }
            });
            return;
        } catch (QuotaExceededException e) {
            showProblem(e.getMessage());
            updateCost(); // marks the fields of every limit it exceeds again
            return;
        } catch (ConflictException | NotFoundException | AccessDeniedException e) {
            showProblem(e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.error("Submitting a workload failed unexpectedly", e);
            showProblem("Something went wrong on our side; it has been logged. Try again, or tell your platform team.");
            return;
        }
        Notifications.success(kind.label() + " " + name.getValue().strip() + " submitted");
        close();
        onSubmitted.accept(id);
    }

    /** Whether a field is part of this kind's form (the others exist but are never added). */
    private static boolean shown(Component field) {
        return field.getParent().isPresent() && field.isVisible();
    }

    private void showProblem(String message) {
        problem.setText(
                problem.isVisible() && !problem.getText().isEmpty() ? problem.getText() + " " + message : message);
        problem.setVisible(true);
        problem.scrollIntoView(); // below the fields on a phone
    }

    private void updateNotice() {
        String text;
        try {
            text = workloads.schedulingNotice(tenant.getValue()).orElse(null);
        } catch (RuntimeException e) {
            text = null;
        }
        notice.setText(text == null ? "" : text);
        notice.setVisible(text != null);
    }

    /** Asks the service what the form would cost and which limits would refuse it; marks the fields concerned. */
    void updateCost() {
        Map<String, HasValidation> fields = fields();
        // the preview reads every cost field again: its marks replace earlier ones there, and only there
        for (String field : WorkloadService.COST_FIELDS) {
            fields.get(field).setInvalid(false);
            fields.get(field).setErrorMessage(null);
        }
        refusals.removeAll();
        WorkloadService.CostPreview preview;
        try {
            preview = workloads.preview(form());
        } catch (RuntimeException e) {
            cost.setText("");
            sharing.setVisible(false);
            return;
        }
        sharing.setText(preview.sharing());
        sharing.setVisible(!preview.sharing().isEmpty());
        preview.fieldErrors().forEach((field, message) -> mark(fields, field, message));
        for (QuotaShortfall shortfall : preview.shortfalls()) {
            String field = switch (shortfall.limit()) {
                case GPUS, PROFILE_CAP -> "gpuCount";
                case CPU -> "cpu";
                case MEMORY -> "memory";
                case STORAGE -> kind == WorkloadKind.TRAINING_JOB ? "checkpoint" : "workspace";
                case WORKLOADS -> null;
            };
            if (field != null) {
                mark(fields, field, "Over the tenant's quota by " + shortfall.over());
            }
        }
        preview.refusals().forEach(line -> refusals.add(new ListItem(line)));
        refusals.setVisible(!preview.shortfalls().isEmpty());
        cost.setText(preview.text()
                + (preview.shortfalls().isEmpty() ? "" : ". It would be refused now because of these limits:"));
        cost.getElement().getClassList().set("over-quota", !preview.fits());
    }

    private void mark(Map<String, HasValidation> fields, String field, String message) {
        HasValidation target = fields.get(field);
        if (target == null || !shown((Component) target) || target.isInvalid()) {
            return;
        }
        target.setErrorMessage(message);
        target.setInvalid(true);
    }

    WorkloadForm form() {
        return switch (kind) {
            case NOTEBOOK ->
                new WorkloadForm.Notebook(
                        tenant.getValue(),
                        name.getValue(),
                        image.getValue(),
                        cpu.getValue(),
                        memory.getValue(),
                        gpuProfile.getValue(),
                        gpuCount.getValue(),
                        workspace.getValue());
            case TRAINING_JOB ->
                new WorkloadForm.Training(
                        tenant.getValue(),
                        name.getValue(),
                        image.getValue(),
                        WorkloadForm.lines(command.getValue()),
                        WorkloadForm.lines(args.getValue()),
                        WorkloadForm.envLines(env.getValue()),
                        cpu.getValue(),
                        memory.getValue(),
                        gpuProfile.getValue(),
                        gpuCount.getValue(),
                        workers.getValue(),
                        retries.getValue(),
                        maxRunTime.getValue(),
                        checkpoint.getValue(),
                        fastInterconnect.getValue());
            case INFERENCE_ENDPOINT ->
                new WorkloadForm.Inference(
                        tenant.getValue(),
                        name.getValue(),
                        image.getValue(),
                        port.getValue(),
                        cpu.getValue(),
                        memory.getValue(),
                        gpuProfile.getValue(),
                        gpuCount.getValue(),
                        minReplicas.getValue(),
                        maxReplicas.getValue(),
                        targetCpu.getValue(),
                        readinessPath.getValue());
        };
    }

    private Map<String, HasValidation> fields() {
        Map<String, HasValidation> fields = new HashMap<>();
        fields.put("tenant", tenant);
        fields.put("name", name);
        fields.put("image", image);
        fields.put("cpu", cpu);
        fields.put("memory", memory);
        fields.put("gpuProfile", gpuProfile);
        fields.put("gpuCount", gpuCount);
        fields.put("workspace", workspace);
        fields.put("command", command);
        fields.put("env", env);
        fields.put("workers", workers);
        fields.put("retries", retries);
        fields.put("maxRunTime", maxRunTime);
        fields.put("checkpoint", checkpoint);
        fields.put("fastInterconnect", fastInterconnect);
        fields.put("port", port);
        fields.put("minReplicas", minReplicas);
        fields.put("maxReplicas", maxReplicas);
        fields.put("targetCpuPercent", targetCpu);
        fields.put("readinessPath", readinessPath);
        return fields;
    }
}
