package io.lucidity.migrator.reliability.support;

import io.lucidity.migrator.testsupport.ChildJvm;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Starts {@link UpgradeProcess} instances: separate JVMs booting against one database. */
public final class Upgrades {
    private Upgrades() {}

    /**
     * The environment of an instance running these scripts against this database (with MIGRATOR_EXTENSIONS=none
     * where the server has no pgvector).
     */
    public static Map<String, String> env(Db db, MigrationFiles scripts, String applicationName) {
        Map<String, String> env = new HashMap<>();
        env.put("MIGRATOR_URL", db.url());
        env.put("MIGRATOR_USER", db.user());
        env.put("MIGRATOR_PASSWORD", db.password());
        env.put("MIGRATOR_LOCATIONS", scripts.locations());
        env.put("MIGRATOR_SEEDS", scripts.seeds());
        env.put("MIGRATOR_LOCK_TIMEOUT", "180s");
        env.put("MIGRATOR_CONNECT_TIMEOUT", "60s");
        env.put("MIGRATOR_APPLICATION_NAME", applicationName);
        TestServer.extensions(env);
        return env;
    }

    public static ChildJvm.Child start(Map<String, String> env) {
        return jvm(UpgradeProcess.class.getName(), env).start();
    }

    public static ChildJvm.Finished run(Map<String, String> env) {
        try (ChildJvm.Child child = start(env)) {
            return child.await(Duration.ofMinutes(3));
        }
    }

    /**
     * A lean JVM ({@link ChildJvm#LEAN}: many run at once) logging at info, with the test class path and this
     * environment.
     */
    static ChildJvm jvm(String mainClass, Map<String, String> env) {
        return ChildJvm.of(mainClass)
                .options(ChildJvm.LEAN)
                .options("-Dorg.slf4j.simpleLogger.defaultLogLevel=info")
                .env(env);
    }
}
