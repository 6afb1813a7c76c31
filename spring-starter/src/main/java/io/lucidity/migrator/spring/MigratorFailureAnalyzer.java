package io.lucidity.migrator.spring;

import io.lucidity.migrator.MigratorException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a refused start as Spring Boot's failure report: the diagnostic code, what happened and the facts as
 * the description, the remedy as the action — instead of a stack trace. Registered in
 * {@code META-INF/spring.factories}.
 */
class MigratorFailureAnalyzer extends AbstractFailureAnalyzer<MigratorException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MigratorException cause) {
        return new FailureAnalysis(description(cause), action(cause), cause);
    }

    static String description(MigratorException e) {
        StringBuilder text = new StringBuilder("Migrator refused to bring the database to this build's revision.\n\n")
                .append(e.code().code())
                .append(": ")
                .append(e.summary());
        e.facts()
                .forEach((name, value) -> text.append("\n  ")
                        .append(name)
                        .append(": ")
                        .append(value == null ? "" : value.replace("\n", "\n    ")));
        return text.toString();
    }

    static String action(MigratorException e) {
        String remedy = e.remedy();
        return remedy == null || remedy.isBlank()
                ? "Correct the cause named above, then start the application again."
                : remedy;
    }
}
