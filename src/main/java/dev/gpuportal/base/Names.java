package dev.gpuportal.base;

import java.util.regex.Pattern;

/** Rules for names that end up in Kubernetes. */
public final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private Names() {}

    /**
     * Returns why {@code name} is not a valid Kubernetes name (an RFC 1123 label of at most {@code maxLength}
     * characters), or null when it is.
     */
    public static String dnsLabelProblem(String name, int maxLength) {
        if (name == null || name.isBlank()) {
            return "Required";
        }
        if (name.length() > maxLength) {
            return "At most " + maxLength + " characters (" + name.length() + " given)";
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            return "Use lower-case letters, digits and '-', starting and ending with a letter or digit";
        }
        return null;
    }
}
