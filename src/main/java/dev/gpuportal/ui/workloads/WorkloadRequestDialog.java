package dev.gpuportal.ui.workloads;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.ui.base.Notifications;
import dev.gpuportal.workload.WorkloadForm;
import dev.gpuportal.workload.WorkloadKind;
import dev.gpuportal.workload.WorkloadService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One form per kind of workload. Shows before submitting what the request costs in GPU-equivalents and what the
 * tenant has left; the service validates and admits, and its messages appear at the fields.
 */
class WorkloadRequestDialog extends Dialog {

    static final String NO_GPU = "";

    final Select<String> tenant = new Select<>();
    final TextField name = new TextField("Name");
    final ComboBox<String> image = new ComboBox<>("Image");
    final TextField cpu = new TextField("CPU (cores)");
    final TextField memory = new TextField("Memory");
    final Select<String> gpuProfile = new Select<>();
    final TextField gpuCount = new TextField("GPUs per pod");
    final TextField workspace = new TextField("Workspace volume");
    final TextArea command = new TextArea("Command (one item per line)");
    final TextArea args = new TextArea("Arguments (one per line)");
    final TextArea env = new TextArea("Environment (KEY=value per line)");
    final TextField workers = new TextField("Workers");
    final TextField retries = new TextField("Retries");
    final TextField maxRunTime = new TextField("Maximum run time");
    final TextField checkpoint = new TextField("Checkpoint volume");
    final TextField port = new TextField("Port");
    final TextField minReplicas = new TextField("Min replicas");
    final TextField maxReplicas = new TextField("Max replicas");
    final TextField targetCpu = new TextField("Scale at CPU %");
    final TextField readinessPath = new TextField("Readiness path");
    final Span cost = new Span();
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
                : byName.get(n).getDisplayName() + " — "
                        + byName.get(n).getEquivalent().toPrettyString() + " GPU");
        gpuProfile.setValue(profiles.stream()
                .filter(p -> p.getName().startsWith("mig-1g"))
                .map(GpuProfile::getName)
                .findFirst()
                .orElse(NO_GPU));
        gpuCount.setValue("1");
        cpu.setValue("2");
        memory.setValue("8Gi");
        cost.addClassName("cost-preview");

        FormLayout form = new FormLayout();
        form.add(tenant, name, image, gpuProfile, gpuCount, cpu, memory);
        form.setColspan(image, 2);
        switch (kind) {
            case NOTEBOOK -> {
                workspace.setValue("20Gi");
                form.add(workspace);
            }
            case TRAINING_JOB -> {
                command.setPlaceholder("python\ntrain.py");
                workers.setValue("1");
                workers.setHelperText("More than 1: an indexed job whose workers find each other");
                retries.setValue("2");
                maxRunTime.setValue("12h");
                checkpoint.setValue("50Gi");
                checkpoint.setHelperText("Mounted at /checkpoints");
                form.add(command, args, env, workers, retries, maxRunTime, checkpoint);
            }
            case INFERENCE_ENDPOINT -> {
                port.setValue("8000");
                minReplicas.setValue("1");
                maxReplicas.setValue("2");
                targetCpu.setValue("70");
                readinessPath.setValue("/v2/health/ready");
                form.add(port, readinessPath, minReplicas, maxReplicas, targetCpu);
            }
        }
        add(form, cost);
        List<HasValue<?, ?>> costInputs = List.of(tenant, gpuProfile, gpuCount, workers, maxReplicas);
        costInputs.forEach(f -> f.addValueChangeListener(e -> updateCost()));
        updateCost();

        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickListener(e -> {
            long[] id = new long[1];
            if (Notifications.run(() -> id[0] = workloads.submit(form()).id(), fields())) {
                Notifications.success(kind.label() + " " + name.getValue().strip() + " submitted");
                close();
                onSubmitted.accept(id[0]);
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), submit);
        setWidth("52rem");
    }

    void updateCost() {
        int pods = switch (kind) {
            case NOTEBOOK -> 1;
            case TRAINING_JOB -> parse(workers.getValue());
            case INFERENCE_ENDPOINT -> parse(maxReplicas.getValue());
        };
        try {
            var preview = workloads.preview(tenant.getValue(), gpuProfile.getValue(), gpuCount.getValue(), pods);
            cost.setText(preview == null ? "Enter a whole number of GPUs to see the cost" : preview.text());
            cost.getElement().getClassList().set("over-quota", preview != null && !preview.fits());
        } catch (RuntimeException e) {
            cost.setText("");
        }
    }

    private static int parse(String text) {
        try {
            return Math.max(1, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
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
                        checkpoint.getValue());
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
        fields.put("port", port);
        fields.put("minReplicas", minReplicas);
        fields.put("maxReplicas", maxReplicas);
        fields.put("targetCpuPercent", targetCpu);
        fields.put("readinessPath", readinessPath);
        return fields;
    }
}
