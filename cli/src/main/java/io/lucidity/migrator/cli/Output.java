package io.lucidity.migrator.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.Secrets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the CLI prints goes through here, with every registered secret and URL password masked:
 * results on standard output (text, a table, or with {@code --json} exactly one JSON document), progress and
 * diagnostics on standard error.
 */
public final class Output {
    /** The code of a command-line usage error in a JSON error document. */
    public static final String USAGE_CODE = "MIGRATOR-USAGE";
    /** Exit code of a usage error. */
    public static final int USAGE_EXIT = 2;
    /** JSON as core writes its reports ({@code UpgradeReport.toJson()}): durations in milliseconds, times in ISO-8601. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addSerializer(Duration.class, new DurationMillis()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean debug;

    /**
     * @param out   standard output
     * @param err   standard error
     * @param json  whether results are printed as JSON
     * @param debug whether diagnostics carry stack traces
     */
    public Output(PrintWriter out, PrintWriter err, boolean json, boolean debug) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.debug = debug;
    }

    /** Whether {@code --json} was given: print {@link #json(Object)} instead of text. */
    public boolean json() {
        return json;
    }

    /** One line of the result on standard output. */
    public void line(String text) {
        out.println(Secrets.mask(text));
        out.flush();
    }

    /**
     * The result as one JSON document on standard output (durations in milliseconds, times in ISO-8601), every string
     * value masked on its own.
     */
    public void json(Object document) {
        JsonNode tree = JSON.valueToTree(document);
        try {
            out.println(JSON.writeValueAsString(redact(tree)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Cannot write " + document.getClass().getSimpleName() + " as JSON", e);
        }
        out.flush();
    }

    /**
     * Masks each string value separately. (Core's {@code UpgradeReport.toJson()} masks the whole text at once, where a
     * URL password pattern can run past the end of its JSON string.)
     */
    private static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> field.setValue(redact(field.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redact(array.get(i)));
            }
        } else if (node.isTextual()) {
            return TextNode.valueOf(Secrets.mask(node.textValue()));
        }
        return node;
    }

    /** A progress or informational line on standard error. */
    public void progress(String text) {
        err.println(Secrets.mask(text));
        err.flush();
    }

    /** Asks a question on standard error (the answer is read by the caller). */
    public void prompt(String question) {
        err.print(Secrets.mask(question));
        err.flush();
    }

    /** A table on standard output: a header row, then rows, columns padded to their widest cell. */
    public void table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        columns("", all);
    }

    /** Rows without a header, indented by two spaces, columns padded to their widest cell. */
    public void rows(List<List<String>> rows) {
        columns("  ", rows);
    }

    private void columns(String indent, List<List<String>> rows) {
        int[] widths = new int[rows.stream().mapToInt(List::size).max().orElse(0)];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], cell(row.get(i)).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                String cell = cell(row.get(i));
                line.append(i == row.size() - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
            }
            line(line.toString().stripTrailing());
        }
    }

    private static String cell(String value) {
        return value == null ? "-" : value.replace('\n', ' ');
    }

    /**
     * Reports a refusal: the diagnostic (code, facts, remedy) on standard error, without a stack trace unless
     * {@code --debug}; with {@code --json} also an error document on standard output.
     *
     * @return the exit code of its diagnostic code
     */
    public int refusal(MigratorException e) {
        progress(e.getMessage());
        if (debug) {
            progress(stackTrace(e));
        }
        if (json) {
            json(error(e.code().code(), e.code().exitCode(), e.summary(), e.facts(), e.remedy()));
        }
        return e.code().exitCode();
    }

    /** Reports a usage error (exit code 2): the message and where to find help. */
    public int usage(String message, String remedy) {
        progress("migrator: " + message);
        if (remedy != null) {
            progress(remedy);
        }
        if (json) {
            json(error(USAGE_CODE, USAGE_EXIT, message, Map.of(), remedy));
        }
        return USAGE_EXIT;
    }

    /** Reports an unexpected failure (exit code 1): what it was, and the stack trace with {@code --debug}. */
    public int unexpected(Exception e) {
        progress("migrator: unexpected failure: " + e + (debug ? "" : " (run again with --debug for the stack trace)"));
        if (debug) {
            progress(stackTrace(e));
        }
        if (json) {
            json(error("MIGRATOR-UNEXPECTED", 1, String.valueOf(e), Map.of(), "Run again with --debug and report it."));
        }
        return 1;
    }

    /** The JSON error document: {@code {"error": {"code", "exitCode", "summary", "facts", "remedy"}}}. */
    public static Map<String, Object> error(
            String code, int exitCode, String summary, Map<String, String> facts, String remedy) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("exitCode", exitCode);
        error.put("summary", summary);
        error.put("facts", facts);
        error.put("remedy", remedy);
        return Map.of("error", error);
    }

    /** A tenant's refusal in a fleet's JSON: {@code {"code", "exitCode", "message", "summary", "facts", "remedy"}}. */
    public static Map<String, Object> tenantError(MigratorException e) {
        return tenantError(e.code().code(), e.code().exitCode(), e.getMessage(), e.summary(), e.facts(), e.remedy());
    }

    /** A tenant's refusal in a fleet's JSON: {@code {"code", "exitCode", "message", "summary", "facts", "remedy"}}. */
    public static Map<String, Object> tenantError(
            String code, int exitCode, String message, String summary, Map<String, String> facts, String remedy) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("exitCode", exitCode);
        error.put("message", message);
        error.put("summary", summary);
        error.put("facts", facts);
        error.put("remedy", remedy);
        return error;
    }

    /** A result (a record or a map) as the fields of its JSON object, as {@link #json(Object)} would write them. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fields(Object value) {
        return JSON.convertValue(value, LinkedHashMap.class);
    }

    /** A duration as its number of milliseconds. */
    private static final class DurationMillis extends StdSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationMillis() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toMillis());
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
