package dev.gpuportal.ui.base;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.router.QueryParameters;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The demo sign-in page says what went wrong: a wrong password, or sign-in paused after too many of them. */
@SpringBootTest
class LoginViewTest extends SpringBrowserlessTest {

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.gpuportal.ui");
    }

    private void open(String parameter, String value) {
        UI.getCurrent().navigate("login", QueryParameters.of(parameter, value));
        assertThat(getCurrentView()).isInstanceOf(LoginView.class);
    }

    /** The texts the form shows, as the browser receives them. */
    private static String texts(LoginForm form) {
        return String.valueOf(form.getElement().getPropertyRaw("i18n"));
    }

    @Test
    void aThrottledSignInIsToldHowLongToWait() {
        open("throttled", "5");

        LoginForm form = $(LoginForm.class).single();
        assertThat(form.isError()).isTrue();
        assertThat(texts(form))
                .contains("Too many failed sign-ins")
                .contains("Sign-in for this name or address is paused after repeated wrong passwords."
                        + " Try again in about 5 minutes.");
    }

    @Test
    void aWaitThatIsNotASmallNumberIsNotEchoed() {
        open("throttled", "<script>");

        assertThat(texts($(LoginForm.class).single()))
                .contains("Try again in a few minutes.")
                .doesNotContain("script");
    }

    @Test
    void aWrongPasswordKeepsTheUsualMessage() {
        open("error", "");

        LoginForm form = $(LoginForm.class).single();
        assertThat(form.isError()).isTrue();
        assertThat(texts(form)).doesNotContain("Too many failed sign-ins");
    }
}
