package dev.gpuportal.ui.admin;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.gpuportal.security.CurrentUser;
import dev.gpuportal.tenancy.TenantService;
import dev.gpuportal.ui.workloads.MyWorkloadsView;
import org.springframework.stereotype.Component;

/**
 * Where a platform admin who belongs to no tenant lands: the quota console, not the start page that tells people
 * outside every tenant to ask their platform admin (everyone else still gets that page).
 */
@Component
class AdminLanding implements VaadinServiceInitListener {

    private final CurrentUser currentUser;
    private final TenantService tenants;

    AdminLanding(CurrentUser currentUser, TenantService tenants) {
        this.currentUser = currentUser;
        this.tenants = tenants;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::beforeEnter));
    }

    void beforeEnter(BeforeEnterEvent event) {
        if (event.getNavigationTarget() != MyWorkloadsView.class) {
            return;
        }
        boolean adminWithoutTenant =
                currentUser.get().filter(user -> user.platformAdmin()).isPresent()
                        && tenants.myTenants().isEmpty();
        if (adminWithoutTenant) {
            event.forwardTo(QuotaConsoleView.class);
        }
    }
}
