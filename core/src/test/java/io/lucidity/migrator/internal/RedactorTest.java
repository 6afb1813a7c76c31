package io.lucidity.migrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A registered secret is masked in every form the server or a serializer gives it, not only verbatim. */
class RedactorTest {
    private static final String TAIL =
            UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    /** Upper and lower case letters, a quote, a backslash, an apostrophe, a slash, a non-ASCII letter. */
    private static final String SECRET = "Sec\"r'\\et/é-" + TAIL;

    static {
        Redactor.register(SECRET);
    }

    @Test
    void aSecretIsMaskedVerbatim() {
        assertThat(Redactor.redact("value: " + SECRET + ".")).isEqualTo("value: <masked>.");
    }

    @Test
    void aSecretIsMaskedInAnyLetterCase() {
        assertThat(Redactor.redact(
                        "Key (lower(email))=(" + SECRET.toLowerCase(java.util.Locale.ROOT) + ") already exists."))
                .isEqualTo("Key (lower(email))=(<masked>) already exists.");
        assertThat(Redactor.redact("(" + SECRET.toUpperCase(java.util.Locale.ROOT) + ")"))
                .isEqualTo("(<masked>)");
    }

    @Test
    void aSecretIsMaskedEscapedAsInAJsonValueOrAnArrayLiteral() {
        String once = SECRET.replace("\\", "\\\\").replace("\"", "\\\"");
        String twice = once.replace("\\", "\\\\").replace("\"", "\\\"");
        assertThat(Redactor.redact("Failing row contains (a, {\"" + once + "\",b})."))
                .isEqualTo("Failing row contains (a, {\"<masked>\",b}).");
        assertThat(Redactor.redact("{\"{\\\"k\\\": \\\"" + twice + "\\\"}\"}"))
                .isEqualTo("{\"{\\\"k\\\": \\\"<masked>\\\"}\"}");
        assertThat(Redactor.redact("{\"k\": \"" + once.replace("/", "\\/") + "\"}"))
                .isEqualTo("{\"k\": \"<masked>\"}");
    }

    @Test
    void aSecretIsMaskedWithItsApostrophesDoubledAsInASqlLiteral() {
        assertThat(Redactor.redact("SELECT '" + SECRET.replace("'", "''") + "'"))
                .isEqualTo("SELECT '<masked>'");
    }

    @Test
    void aSecretIsMaskedWrittenWithJsonUnicodeEscapes() {
        StringBuilder escaped = new StringBuilder();
        for (char c : SECRET.toCharArray()) {
            escaped.append(String.format("\\u%04X", (int) c));
        }
        assertThat(Redactor.redact("\"" + escaped + "\"")).isEqualTo("\"<masked>\"");
        assertThat(Redactor.redact("\"" + SECRET.replace("é", "\\u00e9") + "\""))
                .isEqualTo("\"<masked>\"");
    }

    @Test
    void aSecretOnlyInACauseTwoDeepIsMaskedInTheDiagnosticAndItsPrintedStackTrace() {
        // The driver's error echoes the value two causes down; the exceptions above it say nothing secret.
        SQLException server =
                new SQLException("ERROR: invalid input syntax for type integer: \"" + SECRET + "\"", "22P02");
        RuntimeException middle = new IllegalStateException("the seed row could not be written", server);
        RuntimeException top = new RuntimeException("seed 01_admin.json failed", middle);

        MigratorException diagnostic = MigratorException.of(
                DiagnosticCode.SEED_FAILED, "A seed failed.", Map.of(), "Fix the seed and start again.", top);

        StringWriter printed = new StringWriter();
        diagnostic.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString())
                .doesNotContain(SECRET)
                .doesNotContain(TAIL)
                .contains(
                        "seed 01_admin.json failed",
                        "the seed row could not be written",
                        "invalid input syntax for type integer: \"<masked>\"",
                        SQLException.class.getName());
        Throwable deepest = diagnostic.getCause().getCause().getCause();
        assertThat(deepest).isInstanceOf(SQLException.class);
        assertThat(((SQLException) deepest).getSQLState()).isEqualTo("22P02");
        assertThat(deepest.getMessage()).doesNotContain(TAIL);
    }

    @Test
    void aSecretOnlyInASuppressedExceptionIsMaskedAndTheSuppressedExceptionKept() {
        SQLException rollback = new SQLException("rollback failed for value " + SECRET, "08006");
        SQLException failure = new SQLException("ERROR: the migration failed", "42P01");
        failure.addSuppressed(rollback);

        Throwable scrubbed = Redactor.scrub(failure);

        assertThat(scrubbed).isNotSameAs(failure);
        assertThat(scrubbed.getMessage()).isEqualTo("ERROR: the migration failed");
        assertThat(scrubbed.getSuppressed()).singleElement().satisfies(s -> {
            assertThat(s.getMessage()).isEqualTo("rollback failed for value <masked>");
            assertThat(((SQLException) s).getSQLState()).isEqualTo("08006");
        });
    }

    @Test
    void anExceptionWithoutASecretIsKeptAsItIs() {
        SQLException server = new SQLException("ERROR: relation \"t\" does not exist", "42P01");
        RuntimeException top = new IllegalStateException("the migration failed", server);
        top.addSuppressed(new SQLException("rollback failed", "08006"));

        assertThat(Redactor.scrub(top)).isSameAs(top);
        assertThat(Redactor.scrub(null)).isNull();
    }

    @Test
    void textWithoutTheSecretIsLeftAlone() {
        String text = "Sec\"r'\\et/é- is not the secret without its tail " + TAIL.substring(1);
        assertThat(Redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void aUrlTheDriverCannotReadIsMaskedFromPasswordToItsEnd() {
        assertThat(Redactor.redactUrl("jdbc:postgresql://h:5432/db?user=app&password=p%zz&x" + TAIL))
                .isEqualTo("jdbc:postgresql://h:5432/db?user=app&password=<masked>");
        assertThat(Redactor.redactUrl("jdbc:postgresql://h:5432/db?password=" + TAIL + "%2"))
                .isEqualTo("jdbc:postgresql://h:5432/db?password=<masked>");
        assertThat(Redactor.redact("cannot use jdbc:postgresql://h/db?password=ab%zz&" + TAIL + " now"))
                .isEqualTo("cannot use jdbc:postgresql://h/db?password=<masked> now");
    }

    @Test
    void userInformationBeforeTheLastAtSignIsMaskedInAUrlTheDriverCannotRead() {
        assertThat(Redactor.redactUrl("jdbc:postgresql://app:se/" + TAIL + "@h:5432/db"))
                .isEqualTo("jdbc:postgresql://app:<masked>@h:5432/db");
        assertThat(Redactor.redactUrl("jdbc:postgresql://app:a@b?" + TAIL + "@h:5432/db"))
                .isEqualTo("jdbc:postgresql://app:<masked>@h:5432/db");
    }

    @Test
    void aPasswordFollowedByAParameterWithoutValueIsMaskedToTheEnd() {
        assertThat(Redactor.redactUrl("jdbc:postgresql://h/db?password=ab&" + TAIL))
                .isEqualTo("jdbc:postgresql://h/db?password=<masked>");
    }

    @Test
    void aUrlWithoutPasswordIsLeftWholeEvenWithAnAtSignInAParameter() {
        String url = "jdbc:postgresql://h:5432/db?ApplicationName=ops@night&sslmode=require";
        assertThat(Redactor.redactUrl(url)).isEqualTo(url);
    }

    @Test
    void aUrlTheDriverReadsKeepsTheParametersAfterItsPassword() {
        assertThat(Redactor.redactUrl("jdbc:postgresql://h/db?password=a%26b&sslmode=require"))
                .isEqualTo("jdbc:postgresql://h/db?password=<masked>&sslmode=require");
        assertThat(Redactor.redactUrl("jdbc:postgresql://h/db?password=a#b&sslmode=require"))
                .isEqualTo("jdbc:postgresql://h/db?password=<masked>&sslmode=require");
    }
}
