package io.lucidity.migrator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.UpgradeReport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a Spring application logs of the upgrade at start: one line, with connecting and checking timed apart. */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTest {
    private final TestDatabase db = TestDatabase.create();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(DataSourceAutoConfiguration.class, MigratorAutoConfiguration.class))
            .withPropertyValues(db.dataSourceProperties());

    @Test
    void theReportIsLoggedOnceWithTheConnectAndCheckTimesApart(CapturedOutput output) {
        runner.run(context -> assertThat(
                        context.getBean(MigratorInitializer.class).report().upToDate())
                .isFalse());
        int afterFirst = output.getOut().length() + output.getErr().length();
        assertThat(summaryLines(output.toString()))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("upgraded from base to 7")
                        .containsPattern("connected in \\d+ ms, checked in \\d+ ms"));

        runner.run(context -> {
            UpgradeReport report = context.getBean(MigratorInitializer.class).report();
            assertThat(report.upToDate()).isTrue();
            // The pool of the application's DataSource starts on Migrator's first connection: counted as connecting.
            assertThat(report.connect()).isPositive();
            assertThat(report.summary())
                    .contains("connected in " + report.connect().toMillis() + " ms, checked in "
                            + report.checked().toMillis() + " ms");
        });
        String second = output.toString()
                .substring(Math.min(afterFirst, output.toString().length()));
        assertThat(summaryLines(output.toString())).hasSize(2);
        assertThat(summaryLines(output.toString()).get(1))
                .contains("is up to date at revision 7")
                .containsPattern("connected in \\d+ ms, checked in \\d+ ms without taking the migration lock");
        assertThat(second).doesNotContain("Migrator: Database");
    }

    private List<String> summaryLines(String output) {
        return output.lines()
                .filter(l -> l.contains("Database " + db.name() + " (schema public)"))
                .toList();
    }
}
