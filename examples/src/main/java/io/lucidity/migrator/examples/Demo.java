package io.lucidity.migrator.examples;

import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.Status;
import io.lucidity.migrator.UpgradeReport;
import io.lucidity.migrator.embedded.EmbeddedPostgres;

/**
 * The README's first command: starts a throwaway PostgreSQL (local binaries, pgvector), upgrades an
 * empty database to the example schema's head, prints the report, then boots again to show the fast path.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String database = pg.createDatabase("demo");
            try (Migrator migrator = Migrator.configure()
                    .url(pg.jdbcUrl(database)).user(pg.user()).password(pg.password())
                    .locations("classpath:db/migration")
                    .seedLocations("classpath:db/seed")
                    .load()) {
                UpgradeReport first = migrator.upgradeToHead();
                System.out.println();
                System.out.println("== First boot: " + first.summary());
                first.migrations().forEach(m -> System.out.printf("   V%-3s %-32s %-18s %4d ms%n", m.version(),
                        m.description(), m.transactional() ? "in transaction" : "NON-transactional", m.duration().toMillis()));
                first.seeds().forEach(s -> System.out.printf("   seed %-30s %-9s %3d row(s) %4d ms%n", s.name(),
                        s.outcome(), s.rowsAffected(), s.duration().toMillis()));
                System.out.println();
                System.out.println("== Report as JSON:");
                System.out.println(first.toJson());
                UpgradeReport second = migrator.upgradeToHead();
                System.out.println();
                System.out.println("== Second boot: " + second.summary());
                Status status = migrator.status();
                System.out.println("== Status: revision " + status.revision() + ", at head: " + status.atHead()
                        + ", extensions: " + status.extensions());
            }
        }
    }
}
