package dev.gpuportal.ui.charts;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Div;

/**
 * A chart drawn by Apache ECharts (Apache-2.0, from the {@code org.webjars.npm:echarts} jar, served at
 * {@code /webjars/}): the server sets the whole option as JSON and the browser draws it. No npm build is needed,
 * so the portal's frontend bundle stays as it is. Vaadin's own charts need a commercial licence.
 */
public class EChart extends Div {

    static final String LIBRARY = "context://webjars/echarts/5.3.1/dist/echarts.min.js";

    private String option = "{}";

    public EChart() {
        addClassName("gpu-chart");
        setWidthFull();
        setHeight("260px");
        getElement().setAttribute("role", "img");
    }

    /** Replaces what the chart shows; {@code json} is an ECharts option object. */
    public void setOption(String json, String description) {
        this.option = json;
        getElement().setAttribute("aria-label", description);
        draw();
    }

    String option() {
        return option;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().getPage().addJavaScript(LIBRARY);
        draw();
    }

    private void draw() {
        if (!isAttached()) {
            return;
        }
        // The library may still be loading on first use: wait for it briefly, then draw (SVG, resized with the box).
        getElement().executeJs("""
                        const el = this, option = JSON.parse($0);
                        let tries = 0;
                        const draw = () => {
                          if (!window.echarts) { if (tries++ < 100) setTimeout(draw, 50); return; }
                          el.$chart = el.$chart || window.echarts.init(el, null, {renderer: 'svg'});
                          el.$chart.setOption(option, true);
                          if (!el.$resize) { el.$resize = new ResizeObserver(() => el.$chart.resize()); el.$resize.observe(el); }
                        };
                        draw();
                        """, option);
    }
}
