package dev.gpuportal.testsupport.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of an API server's own {@code /metrics} whose names start with a prefix, with their labels. */
final class ApiServerMetrics {

    private static final Pattern LINE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+([0-9.e+-]+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    record Sample(String name, Map<String, String> labels, double value) {}

    private ApiServerMetrics() {}

    static List<Sample> read(KubernetesClient admin, String namePrefix) {
        return parse(admin.raw("/metrics"), namePrefix);
    }

    /** Prometheus' text format, labelled samples only (the API server labels every sample of these metrics). */
    static List<Sample> parse(String text, String namePrefix) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches() || !m.group(1).startsWith(namePrefix)) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(m.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }
}
