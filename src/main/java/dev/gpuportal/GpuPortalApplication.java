package dev.gpuportal;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.component.page.Inline;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;
import dev.gpuportal.ui.base.ThemePreference;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles.css")
@StyleSheet("assets/workloads.css")
@ColorScheme(ColorScheme.Value.LIGHT_DARK)
public class GpuPortalApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        SpringApplication.run(GpuPortalApplication.class, args);
    }

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("GPU Portal");
        settings.addInlineWithContents(ThemePreference.HEAD_SCRIPT, Inline.Wrapping.JAVASCRIPT);
    }
}
