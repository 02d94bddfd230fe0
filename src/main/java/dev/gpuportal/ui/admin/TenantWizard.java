package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.onboarding.TenantSetup;
import dev.gpuportal.onboarding.TenantSetupService;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.base.Notifications;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A new tenant in one flow: tenant → members and groups → quota (the defaults prefilled) → placement → summary,
 * saved in one call that creates everything or nothing. Each Next checks what was entered so far; a refusal at the
 * end goes back to the step and field it belongs to.
 */
class TenantWizard extends Dialog {

    static final List<String> STEPS = List.of("Tenant", "Members", "Quota", "Placement", "Summary");
    static final int TENANT = 0;
    static final int MEMBERS = 1;
    static final int QUOTA = 2;
    static final int PLACEMENT = 3;
    static final int SUMMARY = 4;

    final TextField slug = new TextField("Slug");
    final TextField displayName = new TextField("Display name");
    final TextArea description = new TextArea("Description");
    final MemberListEditor members;
    final QuotaFields quota;
    final PlacementFields placement;
    final Div summary = new Div();
    final DialogFeedback feedback = new DialogFeedback();
    final Button back = new Button("Back");
    final Button next = new Button("Next");
    final Button create = new Button("Create tenant");
    /** Asks before a quota limit of 0 is accepted; open while it waits for the admin's answer. */
    ConfirmDialog zeroLimits;

    private final TenantService tenants;
    private final QuotaService quotas;
    private final TenantSetupService setups;
    private final Runnable onCreated;
    private final StepBar stepBar = new StepBar(STEPS);
    private final List<Component> pages = new ArrayList<>();
    private int step;

    TenantWizard(
            TenantService tenants,
            MembershipService memberships,
            QuotaService quotas,
            GpuCatalog catalog,
            TenantSetupService setups,
            Runnable onCreated) {
        this.tenants = tenants;
        this.quotas = quotas;
        this.setups = setups;
        this.onCreated = onCreated;
        setHeaderTitle("New tenant");
        setWidth("48rem");
        setMaxWidth("100vw");
        slug.setRequired(true);
        slug.setHelperText("Lower-case letters, digits and '-'; names the tenant's namespaces. Cannot change later.");
        displayName.setRequired(true);
        FormLayout tenantPage = new FormLayout(slug, displayName, description);
        tenantPage.setColspan(description, 2);
        members = new MemberListEditor(memberships, feedback);
        quota = new QuotaFields(catalog.enabled(), quotas.defaults());
        Paragraph defaults = new Paragraph("Prefilled with the portal's defaults for new tenants; change what this "
                + "team needs. A limit of 0 is asked about before it is accepted.");
        defaults.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-top", "0");
        placement = new PlacementFields(tenants);
        pages.addAll(List.of(tenantPage, members, new Div(defaults, quota), placement, summary));
        add(stepBar, feedback);
        pages.forEach(this::add);

        back.addClickListener(e -> go(step - 1));
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        next.addClickListener(e -> next());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> create());
        getFooter().add(new Button("Cancel", e -> close()), back, next, create);
        go(TENANT);
    }

    /** What the admin entered so far, as one setup. */
    TenantSetup setup() {
        return new TenantSetup(
                new TenantDraft(
                        slug.getValue(),
                        displayName.getValue(),
                        description.getValue(),
                        placement.tier.getValue(),
                        placement.regionList(),
                        placement.kubernetesVersion.getValue(),
                        placement.nodePoolList()),
                placement.clusterList(),
                members.members(),
                quota.draft());
    }

    int step() {
        return step;
    }

    private void next() {
        if (!checkUpTo(step)) {
            return;
        }
        if (step == QUOTA) {
            List<String> warnings = new ArrayList<>();
            String name = slug.getValue().strip();
            if (!feedback.run(
                    () -> warnings.addAll(quotas.check(name, quotas.completeWithDefaults(quota.draft()))),
                    this::fieldFor)) {
                return;
            }
            if (!warnings.isEmpty()) {
                zeroLimits = ZeroLimitsConfirm.open(this, warnings, "Keep 0", () -> go(PLACEMENT));
                return;
            }
        }
        go(step + 1);
    }

    /**
     * Checks the whole setup and shows the problems of this step and those before it; returns whether there are
     * none (problems of later steps wait until the admin gets there).
     */
    private boolean checkUpTo(int last) {
        clearFields();
        Map<String, String> problems = new LinkedHashMap<>();
        boolean ran = feedback.run(() -> problems.putAll(problemsOf(() -> setups.check(setup()))), Map.of());
        problems.keySet().removeIf(field -> stepOf(field) > last);
        if (!ran || !problems.isEmpty()) {
            show(problems);
            return false;
        }
        return true;
    }

    private void create() {
        clearFields();
        Map<String, String> problems = new LinkedHashMap<>();
        boolean ran = feedback.run(() -> problems.putAll(problemsOf(() -> setups.create(setup()))), Map.of());
        if (ran && problems.isEmpty()) {
            Notifications.success("Tenant " + slug.getValue().strip() + " created");
            close();
            onCreated.run();
        } else {
            show(problems);
        }
    }

    private static Map<String, String> problemsOf(Runnable call) {
        try {
            call.run();
            return Map.of();
        } catch (InvalidInputException e) {
            return e.fieldErrors();
        }
    }

    /** Shows problems at their fields (members' in the box) and goes to the first step that has one. */
    private void show(Map<String, String> problems) {
        if (problems.isEmpty()) {
            return;
        }
        go(problems.keySet().stream().mapToInt(TenantWizard::stepOf).min().orElse(step));
        problems.forEach((field, message) -> {
            HasValidation target = fieldFor(field);
            if (target != null) {
                target.setErrorMessage(message);
                target.setInvalid(true);
            } else {
                feedback.show(describeMember(field) + message);
            }
        });
    }

    /** "Member 2 (vision-team): " for a member's field, else "". */
    private String describeMember(String field) {
        if (!field.startsWith("members[")) {
            return "";
        }
        int i = Integer.parseInt(field.substring("members[".length(), field.indexOf(']')));
        List<TenantSetup.Member> list = members.members();
        return i < list.size() ? "Member " + (i + 1) + " (" + list.get(i).subject() + "): " : "";
    }

    private HasValidation fieldFor(String field) {
        if (field.startsWith("quota.")) {
            return quota.fields().get(field.substring("quota.".length()));
        }
        return switch (field) {
            case "slug" -> slug;
            case "displayName" -> displayName;
            case "description" -> description;
            case "allowedRegions" -> placement.regions;
            case "isolationTier" -> placement.tier;
            case "clusters" -> placement.clusters;
            case "kubernetesVersion" -> placement.kubernetesVersion;
            case "nodePools" -> placement.nodePools;
            default -> quota.fields().get(field); // from the quota check alone: "gpus", "cap.…"
        };
    }

    static int stepOf(String field) {
        if (field.startsWith("members")) {
            return MEMBERS;
        }
        if (field.startsWith("quota.")) {
            return QUOTA;
        }
        return switch (field) {
            case "slug", "displayName", "description" -> TENANT;
            case "allowedRegions", "isolationTier", "clusters", "kubernetesVersion", "nodePools" -> PLACEMENT;
            default -> SUMMARY;
        };
    }

    private void go(int target) {
        step = Math.max(TENANT, Math.min(SUMMARY, target));
        for (int i = 0; i < pages.size(); i++) {
            pages.get(i).setVisible(i == step);
        }
        if (step == SUMMARY) {
            summary.removeAll();
            summary.add(
                    new Paragraph("Nothing is saved until you create the tenant; then all of this is saved at once."),
                    TenantSetupSummary.of(
                            setup(),
                            quotas.completeWithDefaults(quota.draft()),
                            tenants.defaultVirtualClusterVersion()));
        }
        back.setEnabled(step > TENANT);
        next.setVisible(step < SUMMARY);
        create.setVisible(step == SUMMARY);
        stepBar.show(step);
    }

    private void clearFields() {
        List<HasValidation> all = new ArrayList<>(List.<HasValidation>of(
                slug,
                displayName,
                description,
                placement.regions,
                placement.tier,
                placement.clusters,
                placement.kubernetesVersion,
                placement.nodePools,
                members.subject));
        all.addAll(quota.fields().values());
        DialogFeedback.clearFields(all);
        feedback.clear();
    }
}
