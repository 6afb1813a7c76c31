package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.LockKey;
import io.lucidity.migrator.testsupport.MigrationFiles;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tests' one copy of the lock key's formula (test-support's {@link LockKey}, which the tests of every module use to
 * hold the lock as a second session) is the key {@code status} reports and the key an upgrade waits for, per schema.
 */
class LockKeyTest {
    private final TestDb db = new TestDb();
    private final MigrationFiles dir = new MigrationFiles().migration("V1__t.sql", "CREATE TABLE t (id int);");

    @AfterEach
    void cleanUp() {
        db.close();
        dir.close();
    }

    @Test
    void theTestsLockKeyIsTheKeyStatusReportsAndTheKeyAnUpgradeWaitsFor() throws Exception {
        db.execute("CREATE SCHEMA shop");
        for (String schema : new String[] {"public", "shop"}) {
            long key = db.lockKey(schema);
            try (Migrator migrator = db.configure(dir)
                    .schema(schema)
                    .lockTimeout(Duration.ofMillis(500))
                    .load()) {
                assertThat(migrator.status().lockKey()).as("schema %s", schema).isEqualTo(key);

                try (Connection holder = db.connect()) {
                    LockKey.hold(holder, schema);
                    LockTimeoutException e = catchThrowableOfType(LockTimeoutException.class, migrator::upgradeToHead);
                    assertThat(e)
                            .as("an upgrade of schema %s waits for the lock LockKey holds", schema)
                            .isNotNull();
                    assertThat(e.code()).isEqualTo(DiagnosticCode.LOCK_TIMEOUT);
                }
            }
        }
        assertThat(db.lockKey("public")).as("one key per schema").isNotEqualTo(db.lockKey("shop"));
        assertThat(db.exists("public.t")).isFalse();
        assertThat(db.exists("shop.t")).isFalse();
    }
}
