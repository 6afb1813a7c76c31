package io.lucidity.migrator.reliability.support;

import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The CLI ({@code io.lucidity.migrator.cli.Main}, the class {@code java -jar migrator.jar} starts) as a separate
 * process, started from the migrator-cli artifact on this module's class path.
 */
public final class Cli {
    public static final String MAIN = "io.lucidity.migrator.cli.Main";

    private Cli() {}

    /** Runs one command and waits for it. */
    public static ChildJvm.Finished run(Map<String, String> env, String... args) {
        return Upgrades.jvm(MAIN, env).args(args).run(Duration.ofMinutes(3));
    }

    /** Starts one command without waiting. */
    public static ChildJvm.Child start(Map<String, String> env, String... args) {
        return Upgrades.jvm(MAIN, env).args(args).start();
    }

    /**
     * MIGRATOR_URL, MIGRATOR_USER, PGPASSWORD and the locations of these scripts, for a process against this database
     * (and MIGRATOR_EXTENSIONS=none where the server has no pgvector, {@link TestServer#extensions(Map)}).
     */
    public static Map<String, String> env(Db db, MigrationFiles scripts) {
        Map<String, String> env = new HashMap<>(Map.of(
                "MIGRATOR_URL",
                db.url(),
                "MIGRATOR_USER",
                db.user(),
                "PGPASSWORD",
                db.password(),
                "MIGRATOR_LOCATIONS",
                scripts.locations(),
                "MIGRATOR_SEEDS",
                scripts.seeds(),
                "MIGRATOR_CONNECT_TIMEOUT",
                "5s"));
        TestServer.extensions(env);
        return Map.copyOf(env);
    }
}
