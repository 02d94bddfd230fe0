package dev.gpuportal.metrics;

import java.util.Map;

/** Admin settings as typed: text, checked by {@link MetricsSettingsRules}. Price keys are GPU products. */
public record MetricsSettingsForm(String idleThresholdPercent, String idleMinutes, Map<String, String> prices) {

    public MetricsSettingsForm {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    /** The field name of a product's price, in form and API errors. */
    public static String priceField(String gpuModel) {
        return "price." + gpuModel;
    }
}
