package dev.gpuportal.cluster;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a live object already has everything the desired one says, so the reconciler writes only when
 * something differs. Fields the portal does not set (status, defaults the API server adds) are ignored; quantities
 * compare by value ("1Gi" equals "1024Mi").
 */
final class LiveState {

    private LiveState() {}

    static boolean satisfiedBy(Map<?, ?> desired, Map<?, ?> live) {
        for (var entry : desired.entrySet()) {
            Object key = entry.getKey();
            if ("status".equals(key) || "apiVersion".equals(key) || "kind".equals(key)) {
                continue;
            }
            if (!matches(entry.getValue(), live == null ? null : live.get(key))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Object desired, Object live) {
        if (desired == null) {
            return true;
        }
        if (desired instanceof Map<?, ?> d) {
            if (d.isEmpty()) {
                return live == null || (live instanceof Map<?, ?> l && l.isEmpty());
            }
            return live instanceof Map<?, ?> l && satisfiedBy(d, l);
        }
        if (desired instanceof List<?> d) {
            if (!(live instanceof List<?> l) || l.size() != d.size()) {
                return d.isEmpty() && live == null;
            }
            for (int i = 0; i < d.size(); i++) {
                if (!matches(d.get(i), l.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (Objects.equals(String.valueOf(desired), String.valueOf(live))) {
            return true;
        }
        return live != null && sameQuantity(String.valueOf(desired), String.valueOf(live));
    }

    private static boolean sameQuantity(String a, String b) {
        try {
            return Quantity.getAmountInBytes(new Quantity(a)).compareTo(Quantity.getAmountInBytes(new Quantity(b)))
                    == 0;
        } catch (IllegalArgumentException | ArithmeticException notAQuantity) {
            return false;
        }
    }
}
