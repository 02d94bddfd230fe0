package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.gpuportal.base.InvalidInputException;
import dev.gpuportal.gpu.GpuCatalog;
import dev.gpuportal.gpu.GpuProfile;
import dev.gpuportal.onboarding.TenantSetup;
import dev.gpuportal.onboarding.TenantSetupService;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.quota.QuotaService;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.MembershipService;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import dev.gpuportal.tenancy.TenantRole;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.base.Notifications;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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

    final Select<SubjectType> memberType = new Select<>();
    final TextField subject = new TextField("User or group");
    final Select<TenantRole> role = new Select<>();
    final Button addMember = new Button("Add");
    final Grid<TenantSetup.Member> members = new Grid<>();
    private final List<TenantSetup.Member> memberList = new ArrayList<>();

    final TextField gpus = new TextField("GPU-equivalents");
    final TextField cpu = new TextField("CPU (cores)");
    final TextField memory = new TextField("Memory");
    final TextField storage = new TextField("Storage");
    final TextField maxWorkloads = new TextField("Max workloads");
    final TextField notebookIdleLimit = new TextField("Stop notebooks idle for");
    final Map<String, TextField> caps = new LinkedHashMap<>();

    final TextField regions = new TextField("Allowed regions");
    final Select<IsolationTier> tier = new Select<>();
    final MultiSelectComboBox<String> clusters = new MultiSelectComboBox<>("Clusters");
    final TextField kubernetesVersion = new TextField("Kubernetes version");
    final TextField nodePools = new TextField("Dedicated node pools");

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
    private final FlexLayout stepBar = new FlexLayout();
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
        stepBar.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        stepBar.getStyle().set("gap", "var(--lumo-space-s)").set("margin-bottom", "var(--lumo-space-m)");
        stepBar.getElement().setAttribute("aria-label", "Steps");
        pages.add(tenantPage());
        pages.add(membersPage(memberships));
        pages.add(quotaPage(catalog));
        pages.add(placementPage());
        pages.add(summary);
        add(stepBar, feedback);
        pages.forEach(this::add);

        back.addClickListener(e -> go(step - 1));
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        next.addClickListener(e -> next());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> create());
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, back, next, create);
        go(TENANT);
    }

    private Component tenantPage() {
        slug.setRequired(true);
        slug.setHelperText("Lower-case letters, digits and '-'; names the tenant's namespaces. Cannot change later.");
        displayName.setRequired(true);
        FormLayout form = new FormLayout(slug, displayName, description);
        form.setColspan(description, 2);
        return form;
    }

    private Component membersPage(MembershipService memberships) {
        memberType.setLabel("Type");
        memberType.setItems(SubjectType.values());
        memberType.setItemLabelGenerator(t -> t == SubjectType.GROUP ? "IdP group" : "User");
        memberType.setValue(SubjectType.GROUP);
        role.setLabel("Role");
        role.setItems(TenantRole.values());
        role.setItemLabelGenerator(TenantRole::label);
        role.setValue(TenantRole.MEMBER);
        subject.setHelperText("A group name from the identity provider, or a username");
        addMember.addClickListener(e -> {
            String name = subject.getValue().strip();
            boolean ok = feedback.run(
                    () -> {
                        memberships.check(memberType.getValue(), name, role.getValue());
                        if (memberList.stream()
                                .anyMatch(m -> m.type() == memberType.getValue()
                                        && m.subject().equals(name))) {
                            throw InvalidInputException.of("subject", name + " is listed already");
                        }
                    },
                    Map.of("subject", subject, "subjectType", memberType, "role", role));
            if (ok) {
                memberList.add(new TenantSetup.Member(memberType.getValue(), name, role.getValue()));
                members.setItems(memberList);
                subject.clear();
            }
        });
        members.addThemeVariants(GridVariant.LUMO_COMPACT);
        members.addColumn(m -> m.type() == SubjectType.GROUP ? "group" : "user")
                .setHeader("Type")
                .setAutoWidth(true)
                .setFlexGrow(0);
        members.addColumn(TenantSetup.Member::subject)
                .setHeader("User or group")
                .setFlexGrow(1);
        members.addColumn(m -> m.role().label()).setHeader("Role").setAutoWidth(true);
        members.addComponentColumn(m -> {
                    Button remove = new Button(VaadinIcon.TRASH.create(), e -> {
                        memberList.remove(m);
                        members.setItems(memberList);
                    });
                    remove.addThemeVariants(ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_TERTIARY);
                    remove.setAriaLabel("Remove " + m.subject());
                    remove.setTooltipText("Remove " + m.subject());
                    return remove;
                })
                .setAutoWidth(true)
                .setFlexGrow(0);
        members.setAllRowsVisible(true);
        members.setEmptyStateText("No members yet: add the team's identity-provider groups (or add them later).");
        members.setItems(memberList);
        FlexLayout form = new FlexLayout(memberType, subject, role, addMember);
        form.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.getStyle().set("gap", "var(--lumo-space-s)");
        Div page = new Div(form, members);
        return page;
    }

    private Component quotaPage(GpuCatalog catalog) {
        QuotaDraft defaults = quotas.defaults();
        gpus.setValue(defaults.gpus());
        gpus.setHelperText("e.g. 2.5 or 17/7 — whole GPUs, MIG slices and shares all count");
        cpu.setValue(defaults.cpu());
        cpu.setHelperText("e.g. 64 or 500m");
        memory.setValue(defaults.memory());
        memory.setHelperText("e.g. 256Gi");
        storage.setValue(defaults.storage());
        storage.setHelperText("e.g. 2Ti");
        maxWorkloads.setValue(defaults.maxWorkloads());
        notebookIdleLimit.setValue(defaults.notebookIdleLimit());
        notebookIdleLimit.setPlaceholder("portal default");
        notebookIdleLimit.setHelperText("e.g. 4h or 90m; never to keep them running");
        FormLayout form = new FormLayout(gpus, maxWorkloads, cpu, memory, storage, notebookIdleLimit);
        form.add(new H4("Caps per GPU profile (empty = no cap beyond the total)"), 2);
        for (GpuProfile profile : catalog.enabled()) {
            TextField cap = new TextField(
                    profile.getShortLabel() + " (" + profile.getEquivalent().toPrettyString() + " GPU each)");
            cap.setPlaceholder("no cap");
            cap.setId("wizard-cap-" + profile.getName());
            caps.put(profile.getName(), cap);
            form.add(cap);
        }
        Paragraph hint = new Paragraph("Prefilled with the portal's defaults for new tenants; change what this team "
                + "needs. A limit of 0 is asked about before it is accepted.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-top", "0");
        return new Div(hint, form);
    }

    private Component placementPage() {
        regions.setHelperText("Comma-separated, e.g. eu-central, us-east; empty allows any region");
        tier.setLabel("Isolation");
        tier.setItems(IsolationTier.values());
        tier.setItemLabelGenerator(t -> t == IsolationTier.SHARED
                ? "Shared: namespaces with quota, RBAC, network policies"
                : "Dedicated: a virtual cluster of its own");
        List<String> hosts = tenants.virtualClusterHosts();
        tier.setItemEnabledProvider(t -> t == IsolationTier.SHARED || !hosts.isEmpty());
        tier.setHelperText(
                hosts.isEmpty()
                        ? "Dedicated needs a host cluster with Kamaji installed; no registered cluster has it"
                        : "Dedicated can be hosted on " + String.join(", ", hosts));
        tier.setValue(IsolationTier.SHARED);
        clusters.setItems(tenants.eligibleClusters(List.of()));
        clusters.setValue(new HashSet<>(tenants.eligibleClusters(List.of())));
        clusters.setHelperText("Where the tenant's namespaces are created; only clusters in its allowed regions");
        kubernetesVersion.setPlaceholder(tenants.defaultVirtualClusterVersion());
        kubernetesVersion.setHelperText("Of its virtual cluster: " + tenants.describeVirtualClusterVersions());
        nodePools.setHelperText("Node pools of its host cluster that serve only this tenant, e.g. h100-mig");
        tier.addValueChangeListener(e -> {
            boolean dedicated = e.getValue() == IsolationTier.DEDICATED;
            List<String> choices = dedicated ? hosts : tenants.eligibleClusters(List.of());
            clusters.setItems(choices);
            clusters.setValue(
                    dedicated ? new HashSet<>(choices.stream().limit(1).toList()) : new HashSet<>(choices));
            showDedicatedFields();
        });
        showDedicatedFields();
        return new FormLayout(regions, tier, clusters, kubernetesVersion, nodePools);
    }

    private void showDedicatedFields() {
        boolean dedicated = tier.getValue() == IsolationTier.DEDICATED;
        kubernetesVersion.setVisible(dedicated);
        nodePools.setVisible(dedicated);
        clusters.setLabel(dedicated ? "Host cluster" : "Clusters");
    }

    /** What the admin entered so far, as one setup. */
    TenantSetup setup() {
        Map<String, String> capValues = new HashMap<>();
        caps.forEach((name, field) -> capValues.put(name, field.getValue()));
        return new TenantSetup(
                new TenantDraft(
                        slug.getValue(),
                        displayName.getValue(),
                        description.getValue(),
                        tier.getValue(),
                        list(regions.getValue()),
                        kubernetesVersion.getValue(),
                        list(nodePools.getValue())),
                clusters.getValue().stream().sorted().toList(),
                memberList,
                new QuotaDraft(
                        gpus.getValue(),
                        capValues,
                        cpu.getValue(),
                        memory.getValue(),
                        storage.getValue(),
                        maxWorkloads.getValue(),
                        notebookIdleLimit.getValue()));
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
            if (!feedback.run(
                    () -> warnings.addAll(quotas.check(slugOrNew(), quotas.completeWithDefaults(setup().quota()))),
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
        boolean ran = feedback.run(
                () -> {
                    try {
                        setups.check(setup());
                    } catch (InvalidInputException e) {
                        problems.putAll(e.fieldErrors());
                    }
                },
                Map.of());
        if (!ran) {
            return false;
        }
        problems.keySet().removeIf(field -> stepOf(field) > last);
        if (problems.isEmpty()) {
            return true;
        }
        show(problems);
        return false;
    }

    private void create() {
        clearFields();
        Map<String, String> problems = new LinkedHashMap<>();
        boolean ok = feedback.run(
                () -> {
                    try {
                        setups.create(setup());
                    } catch (InvalidInputException e) {
                        problems.putAll(e.fieldErrors());
                        throw e;
                    }
                },
                field -> null);
        if (ok) {
            Notifications.success("Tenant " + slug.getValue().strip() + " created");
            close();
            onCreated.run();
            return;
        }
        if (!problems.isEmpty()) {
            feedback.clear();
            show(problems);
        }
    }

    /** Shows problems at their fields (members' in the box) and goes to the first step that has one. */
    private void show(Map<String, String> problems) {
        int first =
                problems.keySet().stream().mapToInt(TenantWizard::stepOf).min().orElse(step);
        go(first);
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
        return i < memberList.size()
                ? "Member " + (i + 1) + " (" + memberList.get(i).subject() + "): "
                : "";
    }

    private HasValidation fieldFor(String field) {
        if (field.startsWith("quota.cap.")) {
            return caps.get(field.substring("quota.cap.".length()));
        }
        if (field.startsWith("cap.")) {
            return caps.get(field.substring("cap.".length()));
        }
        return switch (field.startsWith("quota.") ? field.substring("quota.".length()) : field) {
            case "slug" -> slug;
            case "displayName" -> displayName;
            case "description" -> description;
            case "gpus" -> gpus;
            case "cpu" -> cpu;
            case "memory" -> memory;
            case "storage" -> storage;
            case "maxWorkloads" -> maxWorkloads;
            case "notebookIdleLimit" -> notebookIdleLimit;
            case "allowedRegions" -> regions;
            case "isolationTier" -> tier;
            case "clusters" -> clusters;
            case "kubernetesVersion" -> kubernetesVersion;
            case "nodePools" -> nodePools;
            default -> null;
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
            renderSummary();
        }
        back.setEnabled(step > TENANT);
        next.setVisible(step < SUMMARY);
        create.setVisible(step == SUMMARY);
        stepBar.removeAll();
        for (int i = 0; i < STEPS.size(); i++) {
            Span label = new Span((i < step ? "✓ " : (i + 1) + " ") + STEPS.get(i));
            label.getStyle()
                    .set("padding", "var(--lumo-space-xs) var(--lumo-space-s)")
                    .set("border-radius", "var(--lumo-border-radius-m)")
                    .set("font-size", "var(--lumo-font-size-s)")
                    .set("color", i == step ? "var(--lumo-primary-contrast-color)" : "var(--lumo-secondary-text-color)")
                    .set("background", i == step ? "var(--lumo-primary-color)" : "var(--lumo-contrast-5pct)");
            if (i == step) {
                label.getElement().setAttribute("aria-current", "step");
            }
            stepBar.add(label);
        }
    }

    private void renderSummary() {
        summary.removeAll();
        TenantSetup s = setup();
        TenantDraft t = s.tenant();
        QuotaDraft q = quotas.completeWithDefaults(s.quota());
        UnorderedList lines = new UnorderedList(
                new ListItem(
                        "Tenant: " + t.slug().strip() + " — " + t.displayName().strip()),
                new ListItem("Members: "
                        + (s.members().isEmpty()
                                ? "none yet"
                                : String.join(
                                        ", ",
                                        s.members().stream()
                                                .map(m -> (m.type() == SubjectType.GROUP ? "group " : "user ")
                                                        + m.subject() + " ("
                                                        + m.role().label() + ")")
                                                .toList()))),
                new ListItem("Quota: " + q.gpus() + " GPU · " + q.cpu() + " CPU · " + q.memory() + " memory · "
                        + q.storage() + " storage · " + q.maxWorkloads() + " workloads"
                        + capsText(q)),
                new ListItem("Placement: " + t.isolationTier().name().toLowerCase() + " on "
                        + (s.clusters().isEmpty() ? "no cluster yet" : String.join(", ", s.clusters()))
                        + (t.allowedRegions().isEmpty()
                                ? "; any region"
                                : "; regions " + String.join(", ", t.allowedRegions()))
                        + (t.isolationTier() == IsolationTier.DEDICATED
                                ? "; Kubernetes "
                                        + (t.kubernetesVersion().isEmpty()
                                                ? tenants.defaultVirtualClusterVersion()
                                                : t.kubernetesVersion())
                                : "")));
        summary.add(new Paragraph("Nothing is saved until you create the tenant; then all of this is saved at once."));
        summary.add(lines);
    }

    private static String capsText(QuotaDraft q) {
        List<String> set = q.profileCaps().entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getValue().strip() + " × " + e.getKey())
                .sorted()
                .toList();
        return set.isEmpty() ? "" : " · caps " + String.join(", ", set);
    }

    private String slugOrNew() {
        String s = slug.getValue().strip();
        return s.isEmpty() ? "(new)" : s;
    }

    private void clearFields() {
        List<HasValidation> all = new ArrayList<>(List.<HasValidation>of(
                slug,
                displayName,
                description,
                gpus,
                cpu,
                memory,
                storage,
                maxWorkloads,
                notebookIdleLimit,
                regions,
                tier,
                clusters,
                kubernetesVersion,
                nodePools,
                subject));
        all.addAll(caps.values());
        DialogFeedback.clearFields(all);
        feedback.clear();
    }

    private static List<String> list(String value) {
        String text = value == null ? "" : value.strip();
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("[,\\s]+")).toList();
    }
}
