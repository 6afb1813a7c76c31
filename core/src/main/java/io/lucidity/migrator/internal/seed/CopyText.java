package io.lucidity.migrator.internal.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.pgvector.PGvector;
import java.util.function.UnaryOperator;

/**
 * Turns a JSON value into a field of {@code COPY ... FROM STDIN} text format, as the target column's
 * type demands: JSON arrays become {@code vector} values (through pgvector-java) or SQL arrays, any
 * JSON value goes into {@code json}/{@code jsonb} as is (its strings resolved at any depth), scalars become their text.
 */
final class CopyText {
    private static final String NULL = "\\N";

    private CopyText() {}

    /** A value that does not fit its column. */
    static final class ValueException extends Exception {
        private static final long serialVersionUID = 1L;

        ValueException(String message) {
            super(message);
        }
    }

    /**
     * @param resolve applied to every string value ({@code ${env:...}} substitution)
     */
    static String field(SeedRunner.ColumnType type, JsonNode value, UnaryOperator<String> resolve)
            throws ValueException {
        if (value == null || value.isNull()) {
            return NULL;
        }
        if (type.generated()) {
            throw new ValueException("it is a generated column; leave it out");
        }
        String typeName = type.typeName();
        if ("json".equals(typeName) || "jsonb".equals(typeName)) {
            return escape(resolved(value, resolve).toString());
        }
        if ("vector".equals(typeName) || "halfvec".equals(typeName)) {
            return escape(vector(value, resolve));
        }
        if ("A".equals(type.category())) {
            if (!value.isArray()) {
                if (value.isTextual()) {
                    return escape(resolve.apply(value.asText()));
                }
                throw new ValueException("expected a JSON array");
            }
            return escape(array(value, type.elementType(), resolve));
        }
        if (value.isObject() || value.isArray()) {
            throw new ValueException("expected a scalar, got a JSON " + (value.isObject() ? "object" : "array"));
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "t" : "f";
        }
        if (value.isNumber()) {
            return value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
        }
        return escape(resolve.apply(value.asText()));
    }

    private static String vector(JsonNode value, UnaryOperator<String> resolve) throws ValueException {
        if (value.isTextual()) {
            return resolve.apply(value.asText());
        }
        if (!value.isArray()) {
            throw new ValueException("expected a JSON array of numbers for a vector");
        }
        float[] numbers = new float[value.size()];
        for (int i = 0; i < numbers.length; i++) {
            JsonNode n = value.get(i);
            if (!n.isNumber()) {
                throw new ValueException("element " + (i + 1) + " of the vector is not a number");
            }
            numbers[i] = n.floatValue();
        }
        return new PGvector(numbers).getValue();
    }

    private static String array(JsonNode value, String elementType, UnaryOperator<String> resolve)
            throws ValueException {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < value.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonNode e = value.get(i);
            if (e.isNull()) {
                out.append("NULL");
            } else if (e.isArray()) {
                out.append(array(e, elementType, resolve));
            } else if (e.isObject()) {
                if (!"json".equals(elementType) && !"jsonb".equals(elementType)) {
                    throw new ValueException("element " + (i + 1) + " is an object");
                }
                out.append(quoteArrayElement(resolved(e, resolve).toString()));
            } else if (e.isTextual()) {
                out.append(quoteArrayElement(resolve.apply(e.asText())));
            } else {
                out.append(e.isBigDecimal() ? e.decimalValue().toPlainString() : e.asText());
            }
        }
        return out.append('}').toString();
    }

    private static String quoteArrayElement(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The JSON value with {@code resolve} applied to every string in it, at any depth (names of members are left alone). */
    private static JsonNode resolved(JsonNode value, UnaryOperator<String> resolve) {
        if (value.isTextual()) {
            return TextNode.valueOf(resolve.apply(value.textValue()));
        }
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            value.properties().forEach(member -> copy.set(member.getKey(), resolved(member.getValue(), resolve)));
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(value.size());
            value.forEach(element -> copy.add(resolved(element, resolve)));
            return copy;
        }
        return value;
    }

    /** Escapes for COPY text format: backslash, tab, newline, carriage return. */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            String replacement = switch (ch) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(ch);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
