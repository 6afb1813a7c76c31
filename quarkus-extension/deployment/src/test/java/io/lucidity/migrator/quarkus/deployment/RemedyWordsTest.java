package io.lucidity.migrator.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A start refused for a missing seed variable: the remedy names quarkus.migrator.seed-variables, and nothing ran. */
class RemedyWordsTest {
    static final TestDatabase DATABASE = new TestDatabase("remedy-words");

    @RegisterExtension
    static final QuarkusUnitTest APP = DATABASE.defaultDataSource(new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addAsResource(
                            new StringAsset("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT);\n"),
                            "remedy/migration/V1__notes.sql")
                    .addAsResource(
                            new StringAsset("{\"table\": \"notes\", \"key\": [\"id\"], "
                                    + "\"rows\": [{\"id\": 1, \"body\": \"${env:NOT_SET_QUARKUS_REMEDY_2d}\"}]}"),
                            "remedy/seed/01_notes.json"))
            .overrideConfigKey("quarkus.migrator.locations", "classpath:remedy/migration")
            .overrideConfigKey("quarkus.migrator.seed-locations", "classpath:remedy/seed")
            .assertException(RemedyWordsTest::namesTheQuarkusProperty));

    private static void namesTheQuarkusProperty(Throwable thrown) {
        Throwable diagnostic = thrown;
        while (diagnostic != null && !diagnostic.getClass().getName().equals("io.lucidity.migrator.SeedException")) {
            diagnostic = diagnostic.getCause();
        }
        assertThat(diagnostic).as("a SeedException in %s", thrown).isNotNull();
        assertThat(diagnostic.getMessage())
                .startsWith("MIGRATOR-SEED-VARIABLE")
                .contains("or set quarkus.migrator.seed-variables.NOT_SET_QUARKUS_REMEDY_2d;")
                .doesNotContain("seedVariable", "in code", "migrator.seed-variables.NOT_SET_QUARKUS_REMEDY_2d=");
        assertThat(DATABASE.query("SELECT to_regclass('public.notes')::text"))
                .as("refused before V1 ran")
                .isNull();
    }

    @Test
    void startUpFailsNamingTheQuarkusProperty() {
        fail("the application must not start");
    }
}
