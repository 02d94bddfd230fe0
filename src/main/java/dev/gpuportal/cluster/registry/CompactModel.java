package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.FieldsV1;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shrinks a cached model object in place without changing what it says. fabric8's model gives every object (each
 * metadata, container, quantity, toleration …) its own map of unknown properties and most of them their own empty
 * lists, a list read from JSON has room for ten, and a managed-fields entry keeps its field set as nested maps, one
 * per field: a cached Job is some sixty objects and a few hundred maps. With ten thousand workloads cached that was
 * two million maps, most of them empty, and a third of the heap. Every list and map becomes an immutable copy of its
 * size (the empty ones the shared empties), a field set immutable maps throughout. Maps lose their order, which
 * nothing reads: labels, annotations and resources are looked up by key or summed in sorted maps, and the comparison
 * with what the portal applies treats them as sets. Serialised, compared or copied by a builder the object is the
 * same; only changing a cached object in place would fail, and the portal never does (it builds what it applies
 * afresh).
 */
final class CompactModel {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    /** Per model class, its fields that may hold lists, maps or other model objects. */
    private static final ClassValue<List<Field>> REFERENCES = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && isModel(c); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    Class<?> t = f.getType();
                    if (!Modifier.isStatic(f.getModifiers())
                            && !t.isPrimitive()
                            && !t.isEnum()
                            && t != String.class
                            && !Number.class.isAssignableFrom(t)
                            && t != Boolean.class) {
                        f.setAccessible(true);
                        fields.add(f);
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    private CompactModel() {}

    static <T> T compact(T object) {
        if (object != null && isModel(object.getClass())) {
            try {
                walk(object);
            } catch (IllegalAccessException | RuntimeException e) {
                // a model shape this does not know: the object stays as it was, which is only larger
            }
        }
        return object;
    }

    private static void walk(Object object) throws IllegalAccessException {
        boolean fieldSet = object instanceof FieldsV1;
        for (Field field : REFERENCES.get(object.getClass())) {
            Object value = field.get(object);
            if (value instanceof List<?> list) {
                for (Object element : list) {
                    walkIfModel(element);
                }
                field.set(object, frozen(list));
            } else if (value instanceof Map<?, ?> map) {
                if (fieldSet) {
                    field.set(object, immutable(map));
                } else {
                    for (Object element : map.values()) {
                        walkIfModel(element);
                    }
                    field.set(object, frozen(map));
                }
            } else {
                walkIfModel(value);
            }
        }
    }

    /** An immutable copy of exactly its size (a list read from JSON has room for ten); as it was if it holds a null. */
    private static List<?> frozen(List<?> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        return list.contains(null) ? list : List.copyOf(list);
    }

    /** An immutable copy (one array instead of an entry object per key); as it was if it holds a null. */
    private static Map<?, ?> frozen(Map<?, ?> map) {
        if (map.isEmpty()) {
            return Map.of();
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                return map;
            }
        }
        return Map.copyOf(map);
    }

    private static void walkIfModel(Object value) throws IllegalAccessException {
        if (value != null && isModel(value.getClass())) {
            walk(value);
        }
    }

    /** A field set's nested maps as immutable maps: keys are paths, values maps or (rarely) plain JSON values. */
    private static Map<?, ?> immutable(Map<?, ?> map) {
        if (map.isEmpty()) {
            return Map.of();
        }
        Map<Object, Object> copy = HashMap.newHashMap(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                return map; // Map.copyOf takes no nulls; a field set has none
            }
            copy.put(e.getKey(), e.getValue() instanceof Map<?, ?> nested ? immutable(nested) : e.getValue());
        }
        return Map.copyOf(copy);
    }

    private static boolean isModel(Class<?> type) {
        return type.getName().startsWith(MODEL_PACKAGE);
    }
}
