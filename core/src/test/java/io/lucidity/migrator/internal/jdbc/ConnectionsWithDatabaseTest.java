package io.lucidity.migrator.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The URL of another database on the same server (the lock trace's scratch database): only the name changes. */
class ConnectionsWithDatabaseTest {

    @Test
    void theDatabaseNameIsReplacedAndHostsAndParametersStay() {
        assertThat(Connections.withDatabase("jdbc:postgresql://db:5432/app?sslmode=require&password=p", "scratch_1"))
                .isEqualTo("jdbc:postgresql://db:5432/scratch_1?sslmode=require&password=p");
        assertThat(Connections.withDatabase("jdbc:postgresql://a:1,b:2/app", "s"))
                .isEqualTo("jdbc:postgresql://a:1,b:2/s");
        assertThat(Connections.withDatabase("jdbc:postgresql://db/", "s")).isEqualTo("jdbc:postgresql://db/s");
        assertThat(Connections.withDatabase("jdbc:postgresql://db", "s")).isEqualTo("jdbc:postgresql://db/s");
        assertThat(Connections.withDatabase("jdbc:postgresql:app?user=u", "s")).isEqualTo("jdbc:postgresql:s?user=u");
    }
}
