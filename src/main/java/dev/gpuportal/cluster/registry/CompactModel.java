package dev.gpuportal.cluster.registry;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Shrinks a cached model object in place without changing what it says. fabric8's model gives every object (each
 * metadata, container, quantity, toleration …) its own map of unknown properties and most of them their own empty
 * lists, a list read from JSON has room for ten, and a managed-fields entry keeps its field set as nested maps, one
 * per field: a cached Job is some sixty objects and a few hundred maps. With ten thousand workloads cached that was
 * two million maps, most of them empty, and a third of the heap. Every list and map becomes an immutable copy of its
 * size (the empty ones the shared empties), a field set immutable maps throughout, and strings that recur across
 * objects (label keys, resource names, images, policies) one shared instance each. Maps lose their order, which
 * nothing reads: labels, annotations and resources are looked up by key or summed in sorted maps, and the comparison
 * with what the portal applies treats them as sets. Serialised, compared or copied by a builder the object is the
 * same; only changing a cached object in place would fail, and the portal never does (it builds what it applies
 * afresh).
 */
final class CompactModel {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    /** Per model class, its fields that may hold lists, maps or other model objects. */
    private static final ClassValue<List<Field>> REFERENCES = fieldsWhere((declaring, f) -> {
        Class<?> t = f.getType();
        return !t.isPrimitive()
                && !t.isEnum()
                && t != String.class
                && !Number.class.isAssignableFrom(t)
                && t != Boolean.class;
    });

    /**
     * Per model class, its string fields whose values recur across objects (kinds, policies, images, resource names,
     * amounts, condition types and reasons, namespaces, container and volume names): each copy becomes the one shared
     * instance. Strings that name or date one object are left alone: sharing a value nobody else holds costs a table
     * entry and saves nothing.
     */
    private static final ClassValue<List<Field>> RECURRING_STRINGS =
            fieldsWhere((declaring, f) -> f.getType() == String.class && recurs(declaring, f.getName()));

    /** The instance fields of a model class and its model superclasses that {@code wanted} picks, made accessible. */
    private static ClassValue<List<Field>> fieldsWhere(BiPredicate<Class<?>, Field> wanted) {
        return new ClassValue<>() {
            @Override
            protected List<Field> computeValue(Class<?> type) {
                List<Field> fields = new ArrayList<>();
                for (Class<?> c = type; c != null && isModel(c); c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && wanted.test(c, f)) {
                            f.setAccessible(true);
                            fields.add(f);
                        }
                    }
                }
                return List.copyOf(fields);
            }
        };
    }

    private static final Set<String> OWN_NAMES = Set.of("name", "generateName", "uid", "resourceVersion");
    private static final Set<String> OWN_VALUES =
            Set.of("message", "claimName", "volumeName", "containerID", "imageID", "podIP", "hostIP", "ip");

    private static boolean recurs(Class<?> declaring, String field) {
        boolean ownName =
                (declaring == ObjectMeta.class || declaring == OwnerReference.class) && OWN_NAMES.contains(field);
        boolean time =
                field.endsWith("Time") || field.endsWith("Timestamp") || field.endsWith("At") || field.equals("time");
        return !ownName && !time && !OWN_VALUES.contains(field);
    }

    /** Longer strings (messages, certificates, scripts) are not expected to recur. */
    private static final int RECURRING_LENGTH = 100;

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
        for (Field field : RECURRING_STRINGS.get(object.getClass())) {
            Object value = field.get(object);
            if (value != null) {
                field.set(object, shared(value));
            }
        }
        boolean fieldSet = object instanceof FieldsV1;
        for (Field field : REFERENCES.get(object.getClass())) {
            Object value = field.get(object);
            if (value instanceof List<?> list) {
                for (Object element : list) {
                    walkIfModel(element);
                }
                field.set(object, frozen(list));
            } else if (value instanceof Map<?, ?> map) {
                if (!fieldSet) {
                    for (Object element : map.values()) {
                        walkIfModel(element);
                    }
                }
                // a field set is maps of maps (paths), all of them copied; other maps hold model objects or strings
                field.set(object, frozen(map, fieldSet));
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
        return list.contains(null)
                ? list
                : list.stream().map(CompactModel::shared).toList();
    }

    /**
     * An immutable copy (one array instead of an entry object per key), with the maps it holds copied too when
     * {@code nested}; as it was if it holds a null.
     */
    private static Map<?, ?> frozen(Map<?, ?> map, boolean nested) {
        if (map.isEmpty()) {
            return Map.of();
        }
        Map<Object, Object> copy = HashMap.newHashMap(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                return map;
            }
            Object value =
                    nested && e.getValue() instanceof Map<?, ?> inner ? frozen(inner, true) : shared(e.getValue());
            copy.put(shared(e.getKey()), value);
        }
        return Map.copyOf(copy);
    }

    private static void walkIfModel(Object value) throws IllegalAccessException {
        if (value != null && isModel(value.getClass())) {
            walk(value);
        }
    }

    /** The one shared instance of a short string (the JVM's string table, whose entries go when nobody holds them). */
    private static Object shared(Object value) {
        return value instanceof String s && s.length() <= RECURRING_LENGTH ? s.intern() : value;
    }

    private static boolean isModel(Class<?> type) {
        return type.getName().startsWith(MODEL_PACKAGE);
    }
}
