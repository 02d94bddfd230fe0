package dev.gpuportal.ui.admin;

import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.UnorderedList;
import dev.gpuportal.onboarding.TenantSetup;
import dev.gpuportal.quota.QuotaDraft;
import dev.gpuportal.tenancy.IsolationTier;
import dev.gpuportal.tenancy.SubjectType;
import dev.gpuportal.tenancy.TenantDraft;
import java.util.List;

/** A new tenant's setup in four lines, read before it is saved. */
final class TenantSetupSummary {

    private TenantSetupSummary() {}

    /** {@code quota} is the setup's quota with the defaults filled in. */
    static UnorderedList of(TenantSetup setup, QuotaDraft quota, String defaultKubernetesVersion) {
        TenantDraft t = setup.tenant();
        return new UnorderedList(
                new ListItem(
                        "Tenant: " + t.slug().strip() + " — " + t.displayName().strip()),
                new ListItem("Members: " + members(setup.members())),
                new ListItem("Quota: " + quota.gpus() + " GPU · " + quota.cpu() + " CPU · " + quota.memory()
                        + " memory · " + quota.storage() + " storage · " + quota.maxWorkloads() + " workloads"
                        + caps(quota)),
                new ListItem("Placement: " + t.isolationTier().name().toLowerCase() + " on "
                        + (setup.clusters().isEmpty() ? "no cluster yet" : String.join(", ", setup.clusters()))
                        + (t.allowedRegions().isEmpty()
                                ? "; any region"
                                : "; regions " + String.join(", ", t.allowedRegions()))
                        + (t.isolationTier() == IsolationTier.DEDICATED
                                ? "; Kubernetes "
                                        + (t.kubernetesVersion().isEmpty()
                                                ? defaultKubernetesVersion
                                                : t.kubernetesVersion())
                                : "")));
    }

    private static String members(List<TenantSetup.Member> members) {
        if (members.isEmpty()) {
            return "none yet";
        }
        return String.join(
                ", ",
                members.stream()
                        .map(m -> (m.type() == SubjectType.GROUP ? "group " : "user ") + m.subject() + " ("
                                + m.role().label() + ")")
                        .toList());
    }

    private static String caps(QuotaDraft q) {
        List<String> set = q.profileCaps().entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getValue().strip() + " × " + e.getKey())
                .sorted()
                .toList();
        return set.isEmpty() ? "" : " · caps " + String.join(", ", set);
    }
}
