package io.lucidity.migrator.reliability.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts {@link UpgradeProcess} instances: separate JVMs booting against one database. */
public final class Upgrades {
    private Upgrades() {
    }

    /**
     * The environment of an instance running these scripts against this database (with MIGRATOR_EXTENSIONS=none
     * where the server has no pgvector).
     */
    public static Map<String, String> env(Db db, Scripts scripts, String applicationName) {
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

    public static Jvm.Child start(Map<String, String> env) {
        return Jvm.start(UpgradeProcess.class.getName(), env, List.of());
    }

    public static Jvm.Finished run(Map<String, String> env) {
        try (Jvm.Child child = start(env)) {
            return child.await(Duration.ofMinutes(3));
        }
    }
}
