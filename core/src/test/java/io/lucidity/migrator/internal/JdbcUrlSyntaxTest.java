package io.lucidity.migrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

/** The syntax check agrees with the driver's own parser, without the driver ever seeing (and logging) a bad URL. */
class JdbcUrlSyntaxTest {
    private static final List<String> READABLE = List.of(
            "jdbc:postgresql://localhost:5432/db",
            "jdbc:postgresql://localhost/db?user=app&password=a%25b%26c",
            "jdbc:postgresql://localhost:5432/db?user=app&password=a#b",
            "jdbc:postgresql://localhost:5432/db?password=sec/re?t",
            "jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=primary",
            "jdbc:postgresql://[::1]:5432/db",
            "jdbc:postgresql://localhost:1/db",
            "jdbc:postgresql://localhost:65535/db",
            "jdbc:postgresql:///db",
            "jdbc:postgresql://",
            "jdbc:postgresql:db",
            "jdbc:postgresql://localhost/db?password=a&b");
    private static final List<String> UNREADABLE = List.of(
            "jdbc:postgresql://localhost:5432/db?user=app&password=p%zz&x",
            "jdbc:postgresql://localhost:5432/db?password=ab%2",
            "jdbc:postgresql://localhost:5432/db?password=ab%",
            "jdbc:postgresql://localhost:5432/d%zzb",
            "jdbc:postgresql://localhost:5432",
            "jdbc:postgresql://localhost:5432?password=secret",
            "jdbc:postgresql://localhost:5432/db/extra?password=secret",
            "jdbc:postgresql://app:sec/ret@localhost:5432/db",
            "jdbc:postgresql://localhost:port/db",
            "jdbc:postgresql://localhost:99999/db",
            "jdbc:postgresql://localhost:65536/db",
            "jdbc:postgresql://localhost:0/db",
            "jdbc:postgresql://h1:,h2/db",
            "jdbc:postgresql:/db");

    @Test
    void aUrlTheDriverReadsHasNoProblem() {
        for (String url : READABLE) {
            assertThat(Driver.parseURL(url, null))
                    .as("the driver reads %s", url)
                    .isNotNull();
            assertThat(JdbcUrlSyntax.problem(url)).as(url).isNull();
        }
    }

    @Test
    void aUrlTheDriverRefusesHasAProblem() {
        for (String url : UNREADABLE) {
            assertThat(Driver.parseURL(url, null))
                    .as("the driver refuses %s", url)
                    .isNull();
            assertThat(JdbcUrlSyntax.problem(url)).as(url).isNotNull();
        }
    }

    @Test
    void eachProblemIsNamedSoThatTheUserKnowsWhatToCorrect() {
        Map<String, String> problems = Map.of(
                "jdbc:postgresql://localhost:5432/db?password=p%zz",
                        "has a % that does not start a percent-escape (%XX)",
                "jdbc:postgresql://localhost:5432?password=secret", "has no / after the host and port",
                "jdbc:postgresql://localhost:5432/db/extra", "has more than one / before the parameters",
                "jdbc:postgresql://localhost:99999/db", "has a port that is not a number from 1 to 65535",
                "jdbc:postgresql:/db", "has a / but not // after jdbc:postgresql:");
        problems.forEach(
                (url, phrase) -> assertThat(JdbcUrlSyntax.problem(url)).as(url).isEqualTo(phrase));
        assertThat(JdbcUrlSyntax.problem("jdbc:mysql://localhost/db"))
                .as("not a PostgreSQL URL: not this check's business")
                .isNull();
    }

    @Test
    void userInformationBeforeTheHostIsAProblemThoughTheDriverTakesItForAHostName() {
        String url = "jdbc:postgresql://app:secret@localhost:5432/db";
        assertThat(Driver.parseURL(url, null)).isNotNull();
        assertThat(JdbcUrlSyntax.problem(url)).contains("user:password@");
    }
}
