package io.lucidity.migrator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** An ordered name → value map for diagnostics; null values are left out. */
public final class Facts {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Facts() {}

    /** An empty set of facts. */
    public static Facts of() {
        return new Facts();
    }

    /** Facts starting with one entry. */
    public static Facts of(String name, Object value) {
        return new Facts().and(name, value);
    }

    /** Adds an entry (skipped when value is null), redacting secrets. */
    public Facts and(String name, Object value) {
        if (value != null) {
            values.put(name, Redactor.redact(String.valueOf(value)));
        }
        return this;
    }

    /** The entries, in insertion order. */
    public Map<String, String> map() {
        return values;
    }
}
