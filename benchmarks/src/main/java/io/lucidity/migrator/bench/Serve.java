package io.lucidity.migrator.bench;

import io.lucidity.migrator.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For profiling by hand: starts the benchmark server, writes a generated set of {@code args[0]} migrations to
 * {@code args[1]}, brings one database to head with Migrator and one with Flyway, prints the
 * {@link OneShot} arguments for both (password in {@code BENCH_PASSWORD} printed once, to a file), and keeps the
 * server up until standard input closes.
 */
public final class Serve {
    private Serve() {}

    public static void main(String[] args) throws Exception {
        Quiet.apply();
        int count = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        GeneratedSet set = GeneratedSet.write(dir, count);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setting("fsync", "on")
                .setting("synchronous_commit", "on")
                .start()) {
            Files.writeString(dir.resolve("password"), pg.password());
            for (Tool tool : new Tool[] {Tool.MIGRATOR, Tool.FLYWAY, Tool.LIQUIBASE}) {
                String name = pg.createDatabase();
                Db db = new Db(pg.jdbcUrl(name), pg.user(), pg.password(), pg.host(), pg.port(), name);
                try (Tool.Handle h = tool.open(db, Workload.of(set))) {
                    h.migrate();
                }
                System.out.println(tool.name() + " " + db.url() + " " + db.user() + " " + name + " " + db.host() + " "
                        + db.port() + " " + set.sqlDir());
            }
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait
            }
        }
    }
}
