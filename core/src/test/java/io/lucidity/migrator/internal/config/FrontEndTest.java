package io.lucidity.migrator.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each front end renders a setting key in its own words (the Quarkus extension's words are tested here only). */
class FrontEndTest {

    @Test
    void lockTimeoutInEachFrontEndsWords() {
        assertThat(FrontEnd.CODE.name("lock-timeout")).isEqualTo("lockTimeout(..)");
        assertThat(FrontEnd.CLI.name("lock-timeout")).isEqualTo("--lock-timeout (MIGRATOR_LOCK_TIMEOUT)");
        assertThat(FrontEnd.spring().name("lock-timeout")).isEqualTo("migrator.lock-timeout");
        assertThat(FrontEnd.quarkus(null).name("lock-timeout")).isEqualTo("quarkus.migrator.lock-timeout");
        assertThat(FrontEnd.quarkus("<default>").name("lock-timeout")).isEqualTo("quarkus.migrator.lock-timeout");
        assertThat(FrontEnd.quarkus("reports").name("lock-timeout"))
                .isEqualTo("quarkus.migrator.\"reports\".lock-timeout");
    }

    @Test
    void seedVariablesInEachFrontEndsWords() {
        assertThat(FrontEnd.CODE.seedVariable("TOKEN")).isEqualTo("seedVariable(\"TOKEN\", ..)");
        assertThat(FrontEnd.CLI.seedVariable("TOKEN"))
                .as("the CLI reads the environment only")
                .isNull();
        assertThat(FrontEnd.spring().seedVariable("TOKEN")).isEqualTo("migrator.seed-variables.TOKEN");
        assertThat(FrontEnd.quarkus(null).seedVariable("TOKEN")).isEqualTo("quarkus.migrator.seed-variables.TOKEN");
    }

    @Test
    void valuesAndKeysThatDifferBetweenFrontEnds() {
        assertThat(FrontEnd.CODE.assign("out-of-order", "true")).isEqualTo("outOfOrder(true)");
        assertThat(FrontEnd.CLI.assign("out-of-order", "true"))
                .isEqualTo("--out-of-order=true (MIGRATOR_OUT_OF_ORDER=true)");
        assertThat(FrontEnd.spring().assign("out-of-order", "true")).isEqualTo("migrator.out-of-order=true");
        assertThat(FrontEnd.quarkus(null).assign("tolerate-newer-schema", "true"))
                .isEqualTo("quarkus.migrator.tolerate-newer-schema=true");
        assertThat(FrontEnd.CODE.assign("transaction-mode", "per-migration"))
                .isEqualTo("transactionMode(TransactionMode.PER_MIGRATION)");
        assertThat(FrontEnd.CODE.name("seeds")).isEqualTo("seedLocations(..)");
        assertThat(FrontEnd.spring().name("seeds")).isEqualTo("migrator.seed-locations");
        assertThat(FrontEnd.CODE.name("migration-url")).isEqualTo("migrationUrl(..)");
        assertThat(FrontEnd.CLI.name("password")).isEqualTo("MIGRATOR_PASSWORD, PGPASSWORD or --password-file");
        assertThat(FrontEnd.quarkus(null).name("url")).isEqualTo("quarkus.datasource.jdbc.url");
        assertThat(FrontEnd.quarkus("reports").name("user")).isEqualTo("quarkus.datasource.\"reports\".username");
        assertThat(FrontEnd.quarkus(null).name("extensions")).isEqualTo("quarkus.migrator.extensions");
    }

    @Test
    void operationsInEachFrontEndsWords() {
        assertThat(FrontEnd.CLI.stamp("3")).isEqualTo("`migrator stamp 3`");
        assertThat(FrontEnd.CODE.stamp("3")).isEqualTo("`migrator.stamp(\"3\")`");
        assertThat(FrontEnd.spring().stamp("3"))
                .as("an application has no stamp at hand: the operator's CLI against the same database")
                .isEqualTo("`java -jar migrator.jar stamp 3`");
        assertThat(FrontEnd.quarkus("reports").repair()).isEqualTo("`java -jar migrator.jar repair`");
        assertThat(FrontEnd.CODE.repair()).isEqualTo("`migrator.repair()`");
        assertThat(FrontEnd.CLI.command("upgrade --target 2", "upgradeTo(\"2\")"))
                .isEqualTo("`migrator upgrade --target 2`");
    }
}
