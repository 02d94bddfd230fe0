package dev.gpuportal.metrics;

import dev.gpuportal.base.InvalidInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Reads the admin's settings form; every wrong field gets its own message and nothing is saved. Pure. */
final class MetricsSettingsRules {

    private MetricsSettingsRules() {}

    static MetricsSettings parse(MetricsSettingsForm form) {
        Map<String, String> errors = new LinkedHashMap<>();
        Integer threshold = whole(form.idleThresholdPercent(), 1, 100, "idleThresholdPercent", "%", errors);
        Integer minutes = whole(form.idleMinutes(), 1, 60 * 24 * 7, "idleMinutes", "minutes", errors);
        Map<String, BigDecimal> prices = new TreeMap<>();
        form.prices().forEach((model, text) -> {
            String field = MetricsSettingsForm.priceField(model);
            if (model == null || model.isBlank() || model.length() > 120) {
                errors.put(field, "Name a GPU product (at most 120 characters)");
                return;
            }
            if (text == null || text.isBlank()) {
                return; // no price: this product is shown without cost
            }
            try {
                BigDecimal price = new BigDecimal(text.strip());
                if (price.signum() < 0) {
                    errors.put(field, "A price cannot be negative");
                } else if (price.scale() > 4 || price.compareTo(new BigDecimal("100000")) > 0) {
                    errors.put(field, "At most 100000 per GPU-hour, with up to 4 decimals");
                } else {
                    prices.put(model.strip(), price);
                }
            } catch (NumberFormatException e) {
                errors.put(field, "'" + text.strip() + "' is not a number: use e.g. 2.50");
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new MetricsSettings(threshold, Duration.ofMinutes(minutes), prices);
    }

    private static Integer whole(String text, int min, int max, String field, String unit, Map<String, String> errors) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.strip());
            if (value < min || value > max) {
                errors.put(field, "Between " + min + " and " + max + " " + unit);
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            errors.put(field, "Enter a whole number of " + unit + ", between " + min + " and " + max);
            return null;
        }
    }
}
