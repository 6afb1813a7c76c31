package io.lucidity.migrator.internal.seed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.SeedException;
import io.lucidity.migrator.internal.Facts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A declarative seed: {@code {"table": "users", "key": ["email"], "mode": "insert-missing", "rows": [...]}},
 * optionally with {@code "schema"}; a file may hold one such object or an array of them.
 *
 * @param schema the schema, or null for the configured one
 * @param table  the table
 * @param key    the columns that identify a row
 * @param upsert true for mode {@code upsert}, false for {@code insert-missing}
 * @param rows   the rows, column → JSON value
 */
record DeclarativeSeed(String schema, String table, List<String> key, boolean upsert, List<ObjectNode> rows) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final Set<String> FIELDS = Set.of("schema", "table", "key", "mode", "rows");

    /**
     * Parses a declarative seed file.
     *
     * @throws SeedException (SEED_INVALID) naming the file, the place and what is wrong
     */
    public static List<DeclarativeSeed> parse(SeedFile file) {
        JsonNode root;
        try {
            root = (file.kind() == SeedFile.Kind.YAML ? YAML : JSON).readTree(file.text());
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw invalid(
                    file,
                    "is not valid " + file.kind().name()
                            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                            + ": " + e.getOriginalMessage(),
                    "Correct the syntax.");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw invalid(
                    file,
                    "is empty",
                    "Write a seed object {\"table\": ..., \"key\": [...], \"rows\": [...]} or delete the file.");
        }
        List<DeclarativeSeed> seeds = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                seeds.add(one(file, root.get(i), "entry " + (i + 1)));
            }
        } else {
            seeds.add(one(file, root, null));
        }
        return seeds;
    }

    private static DeclarativeSeed one(SeedFile file, JsonNode node, String where) {
        String at = where == null ? "" : " (" + where + ")";
        if (!node.isObject()) {
            throw invalid(
                    file,
                    "holds a " + node.getNodeType().name().toLowerCase(Locale.ROOT) + at
                            + " where a seed object belongs",
                    "Each seed is an object with table, key, rows (and optionally mode, schema).");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid(
                        file, "has an unknown field '" + name + "'" + at, "Use only: schema, table, key, mode, rows.");
            }
        }
        String table = text(file, node, "table", at, true);
        String schema = text(file, node, "schema", at, false);
        List<String> key = key(file, node.get("key"), at);
        String mode = text(file, node, "mode", at, false);
        boolean upsert;
        if (mode == null || mode.equals("insert-missing")) {
            upsert = false;
        } else if (mode.equals("upsert")) {
            upsert = true;
        } else {
            throw invalid(
                    file,
                    "has mode '" + mode + "'" + at,
                    "Use insert-missing (never touches existing rows) or upsert.");
        }
        JsonNode rows = node.get("rows");
        if (rows == null || !rows.isArray()) {
            throw invalid(file, "has no \"rows\" array" + at, "Give the rows as an array of objects, column → value.");
        }
        List<ObjectNode> list = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            if (!row.isObject()) {
                throw invalid(
                        file,
                        "has row " + (i + 1) + at + " that is not an object",
                        "Write each row as {\"column\": value, ...}.");
            }
            for (String k : key) {
                JsonNode v = row.get(k);
                if (v == null || v.isNull()) {
                    throw invalid(
                            file,
                            "has row " + (i + 1) + at + " without a value for key column '" + k + "'",
                            "Give every row a non-null value for each key column (" + String.join(", ", key) + ").");
                }
            }
            list.add((ObjectNode) row);
        }
        return new DeclarativeSeed(schema, table, key, upsert, list);
    }

    private static String text(SeedFile file, JsonNode node, String field, String at, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(file, "has no \"" + field + "\"" + at, "Name the " + field + " the rows go into.");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(file, "has a \"" + field + "\" that is not a non-empty string" + at, "Write it as a string.");
        }
        return value.asText();
    }

    private static List<String> key(SeedFile file, JsonNode node, String at) {
        if (node == null || node.isNull()) {
            throw invalid(
                    file, "has no \"key\"" + at, "Name the columns that identify a row, e.g. \"key\": [\"email\"].");
        }
        Set<String> columns = new LinkedHashSet<>();
        if (node.isTextual()) {
            columns.add(node.asText());
        } else if (node.isArray() && !node.isEmpty()) {
            for (JsonNode k : node) {
                if (!k.isTextual() || k.asText().isBlank()) {
                    throw invalid(
                            file,
                            "has a key entry that is not a column name" + at,
                            "Write the key as [\"column\", ...].");
                }
                columns.add(k.asText());
            }
        } else {
            throw invalid(file, "has an empty or malformed \"key\"" + at, "Write the key as [\"column\", ...].");
        }
        return List.copyOf(columns);
    }

    static MigratorException invalid(SeedFile file, String problem, String remedy) {
        return MigratorException.of(
                DiagnosticCode.SEED_INVALID,
                "The seed " + file.name() + " " + problem + ".",
                Facts.of("seed", file.displayPath()).map(),
                remedy,
                null);
    }
}
