package dev.gpuportal.ui.base;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.gpuportal.security.DemoLoginCondition;
import dev.gpuportal.security.DemoUsers;
import dev.gpuportal.security.IdentityProvider;
import dev.gpuportal.security.LoginThrottleFilter;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * Sign-in page. With an identity provider it only links to it; in the embedded demo it shows the demo login,
 * clearly labelled, with the demo people and their password.
 */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · GPU Portal")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    final LoginForm login = new LoginForm();

    private final IdentityProvider identityProvider;

    LoginView(Environment env, IdentityProvider identityProvider) {
        this.identityProvider = identityProvider;
        addClassName("login-view");
        setAlignItems(Alignment.CENTER);
        add(new H1("GPU Portal"));
        if (DemoLoginCondition.isDemo(env)) {
            Span banner = new Span("DEMO LOGIN — for trying the portal on its embedded defaults. "
                    + "Configure an identity provider (Keycloak) for real use.");
            banner.addClassNames("badge", "badge-warning", "demo-banner");
            login.setAction("login");
            login.setForgotPasswordButtonVisible(false);
            Grid<DemoUsers.DemoAccount> people = new Grid<>();
            people.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
            people.addColumn(DemoUsers.DemoAccount::username)
                    .setHeader("Username")
                    .setAutoWidth(true);
            people.addColumn(DemoUsers.DemoAccount::description)
                    .setHeader("Who")
                    .setFlexGrow(1);
            people.setItems(DemoUsers.ACCOUNTS);
            people.setAllRowsVisible(true);
            people.setWidth("40rem");
            people.addClassName("demo-people");
            people.addItemClickListener(e -> fillIn(e.getItem()));
            add(
                    banner,
                    login,
                    new Paragraph("Demo people (password \"" + DemoUsers.PASSWORD
                            + "\" for all; click one to fill in the form):"),
                    people);
        }
    }

    /** Puts a demo person's name and password into the form; signing in stays a click on "Log in". */
    void fillIn(DemoUsers.DemoAccount account) {
        login.getElement()
                .executeJs(
                        "const user = this.querySelector('#vaadinLoginUsername');"
                                + "const password = this.querySelector('#vaadinLoginPassword');"
                                + "user.value = $0; password.value = $1;"
                                + "(this.querySelector('vaadin-button[slot=\"submit\"]') || password).focus();",
                        account.username(),
                        DemoUsers.PASSWORD);
    }

    /** The form's error, saying that sign-in is paused and for about how long. */
    private void showThrottled(String minutes) {
        String wait = minutes.matches("[1-9][0-9]?")
                ? "about " + minutes + (minutes.equals("1") ? " minute" : " minutes")
                : "a few minutes";
        LoginI18n i18n = LoginI18n.createDefault();
        LoginI18n.ErrorMessage error = i18n.getErrorMessage();
        error.setTitle("Too many failed sign-ins");
        error.setMessage("Sign-in for this name or address is paused after repeated wrong passwords. Try again in "
                + wait + ".");
        login.setI18n(i18n);
        login.setError(true);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean failed =
                event.getLocation().getQueryParameters().getParameters().containsKey("error");
        if (!identityProvider.configured()) {
            List<String> throttled = event.getLocation()
                    .getQueryParameters()
                    .getParameters()
                    .getOrDefault(LoginThrottleFilter.THROTTLED_PARAMETER, List.of());
            if (!throttled.isEmpty()) {
                showThrottled(throttled.getFirst());
                return;
            }
            login.setError(failed);
            return;
        }
        if (!failed && identityProvider.reachable()) {
            event.getUI().getPage().setLocation(IdentityProvider.LOGIN_PATH);
            add(new Paragraph("Taking you to single sign-on…"));
            return;
        }
        add(
                new H2(failed ? "Sign-in did not complete" : "Sign-in is unavailable right now"),
                new Paragraph(
                        failed
                                ? "The identity provider did not confirm your sign-in. This happens when it is"
                                        + " briefly unreachable or the sign-in took too long."
                                : "The identity provider (" + identityProvider.issuer() + ") does not answer."
                                        + " Nothing is wrong with your account: try again in a minute, or tell your"
                                        + " platform team."),
                new Anchor(IdentityProvider.LOGIN_PATH, "Try again"));
    }
}
