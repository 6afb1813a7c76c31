package io.lucidity.migrator.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The lint corpus is well formed (labels, sources, every rule covered, enough cases of each kind) and is real SQL:
 * each case runs through Migrator on a fresh PostgreSQL database after {@code setup.sql}, and the cases labelled
 * {@code -- fails:} are refused by the server with that SQLSTATE. Where a label says "the table is rewritten" the server
 * agrees: a case labelled with a rewriting rule gives a table of the previous build a new file ({@code
 * pg_class.relfilenode}), and no safe case rewrites one.
 */
class CorpusTest {
    /** The rules whose statements rewrite the whole table under ACCESS EXCLUSIVE. */
    private static final Set<String> REWRITING =
            Set.of("add-column-volatile-default", "alter-column-type", "vacuum-full", "cluster");

    /** The files of the previous build's tables, by name. */
    private static final String TABLE_FILES = "SELECT c.relname || '=' || c.relfilenode FROM pg_catalog.pg_class c"
            + " WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace"
            + " AND c.relname <> 'flyway_schema_history'";

    @Test
    void everyCaseIsLabelledWithKnownRulesAndEveryRuleIsCovered() {
        List<Corpus.Case> cases = Corpus.cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        long safe = cases.stream().filter(c -> !c.hazard()).count();
        assertThat(safe).as("safe cases").isGreaterThanOrEqualTo(25);
        Set<String> covered = new HashSet<>();
        cases.stream().filter(Corpus.Case::hazard).forEach(c -> covered.addAll(c.rules()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(Corpus.RULES);
        assertThat(cases)
                .as("numbers are unique")
                .extracting(c -> c.file().substring(0, 3))
                .doesNotHaveDuplicates();
    }

    @Test
    void aMalformedHeaderIsRefusedWithTheFileNamed() {
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> Corpus.parse(
                                "900_x.sql", "-- corpus: hazard no-such-rule\n-- from: postgres docs X\nSELECT 1;\n")))
                .hasMessageContaining("900_x.sql")
                .hasMessageContaining("no-such-rule");
        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> Corpus.parse("901_x.sql", "-- corpus: safe\n-- from: a blog\nSELECT 1;\n")))
                .hasMessageContaining("second line");
    }

    @TestFactory
    Stream<DynamicTest> everyCaseRunsOnPostgreSqlAfterSetup() {
        String setup = Corpus.setup();
        return Corpus.cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(setup, c)));
    }

    private static void run(String setup, Corpus.Case c) {
        try (TestDb db = new TestDb();
                MigrationFiles files = new MigrationFiles()) {
            db.execute(setup);
            List<String> before = db.column(TABLE_FILES);
            files.migration("V1__case.sql", c.sql());
            try (Migrator migrator = db.configure(files).load()) {
                if (c.failsWith() == null) {
                    migrator.upgradeToHead();
                    assertThat(db.value("SELECT success FROM public.flyway_schema_history WHERE version = '1'"))
                            .isEqualTo("t");
                    List<String> rewritten = rewritten(before, db.column(TABLE_FILES));
                    if (!c.hazard()) {
                        assertThat(rewritten).as("tables a safe case rewrote").isEmpty();
                    } else if (c.rules().stream().anyMatch(REWRITING::contains)) {
                        assertThat(rewritten)
                                .as("tables a rewriting case rewrote")
                                .isNotEmpty();
                    }
                } else {
                    MigratorException e = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
                    assertThat(e).as("PostgreSQL refuses " + c.file()).isNotNull();
                    assertThat(sqlStates(e)).as(e.getMessage()).contains(c.failsWith());
                }
            }
        }
    }

    /** The tables of {@code before} ({@code name=relfilenode}) that still exist under their name with a new file. */
    private static List<String> rewritten(List<String> before, List<String> after) {
        Set<String> names = new HashSet<>();
        after.forEach(e -> names.add(e.substring(0, e.indexOf('='))));
        return before.stream()
                .filter(e -> names.contains(e.substring(0, e.indexOf('='))) && !after.contains(e))
                .map(e -> e.substring(0, e.indexOf('=')))
                .toList();
    }

    private static Set<String> sqlStates(Throwable t) {
        Set<String> states = new HashSet<>();
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof MigratorException m && m.sqlState() != null) {
                states.add(m.sqlState());
            }
            if (cause instanceof SQLException s && s.getSQLState() != null) {
                states.add(s.getSQLState());
            }
        }
        return states;
    }
}
