package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A refusal deep in a bean creation failure becomes Boot's description (code, summary, facts) and action (remedy). */
class MigratorFailureAnalyzerTest {

    @Test
    void describesTheDiagnosticAndActsOnTheRemedy() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("holder pid", "4242");
        facts.put("holder query", "SELECT pg_sleep(600)");
        MigratorException refusal = MigratorException.of(
                DiagnosticCode.LOCK_TIMEOUT,
                "Waited 2m for the migration lock held by another session.",
                facts,
                "Wait for pid 4242 to finish, or end it: SELECT pg_terminate_backend(4242);",
                null);
        Throwable failure =
                new BeanCreationException("migratorInitializer", "Invocation of init method failed", refusal);

        FailureAnalysis analysis = new MigratorFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription())
                .contains("MIGRATOR-LOCK-TIMEOUT: Waited 2m for the migration lock")
                .contains("holder pid: 4242")
                .contains("holder query: SELECT pg_sleep(600)");
        assertThat(analysis.getAction())
                .isEqualTo("Wait for pid 4242 to finish, or end it: SELECT pg_terminate_backend(4242);");
        assertThat(analysis.getCause()).isSameAs(refusal);
    }

    @Test
    void withoutARemedyTheActionSaysToFixTheNamedCause() {
        MigratorException refusal =
                MigratorException.of(DiagnosticCode.DATABASE_ERROR, "Unexpected.", Map.of(), null, null);
        FailureAnalysis analysis = new MigratorFailureAnalyzer().analyze(refusal);
        assertThat(analysis.getDescription()).contains("MIGRATOR-DATABASE: Unexpected.");
        assertThat(analysis.getAction()).contains("Correct the cause named above");
    }

    @Test
    void otherFailuresAreLeftToOtherAnalyzers() {
        assertThat(new MigratorFailureAnalyzer().analyze(new IllegalStateException("not ours")))
                .isNull();
    }
}
