package io.lucidity.migrator.testing.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Migrator's per-migration progress lines ("Applying V3 ...", "Seeding ...", "Created extension ...", the
 * upgrade summary) out of the test output while the fixtures build a template: every test run would repeat them.
 * While at least one template builds, those loggers are raised from INFO to WARN (warnings and errors still show);
 * the fixtures log each applied migration at DEBUG instead (see {@link Templates}). A logger a user set to DEBUG
 * or finer is left alone. Core's logging is not changed: outside template builds the lines show as configured.
 *
 * <p>SLF4J has no API for levels, so this adjusts the backends the fixtures know: slf4j-simple, Logback, Log4j 2
 * and java.util.logging. With another backend the lines stay at INFO.
 */
final class QuietLogs {
    /** The loggers of Migrator's upgrade progress. */
    static final List<String> PROGRESS = List.of(
            "io.lucidity.migrator.internal.migrate.Executor",
            "io.lucidity.migrator.internal.seed.SeedRunner",
            "io.lucidity.migrator.internal.extension.Extensions",
            "io.lucidity.migrator.internal.Upgrade");

    private static final Logger LOG = LoggerFactory.getLogger(QuietLogs.class);
    private static final Object LOCK = new Object();
    private static int builds;
    private static List<Runnable> restore = List.of();

    private QuietLogs() {}

    /** Runs {@code work} with the progress loggers quiet. */
    static <T> T during(Supplier<T> work) {
        enter();
        try {
            return work.get();
        } finally {
            exit();
        }
    }

    private static void enter() {
        synchronized (LOCK) {
            if (builds++ == 0) {
                List<Runnable> undo = new ArrayList<>();
                for (String name : PROGRESS) {
                    Logger logger = LoggerFactory.getLogger(name);
                    if (logger.isInfoEnabled() && !logger.isDebugEnabled()) {
                        Runnable back = raiseToWarn(logger);
                        if (back != null) {
                            undo.add(back);
                        }
                    }
                }
                restore = undo;
            }
        }
    }

    private static void exit() {
        synchronized (LOCK) {
            if (--builds == 0) {
                restore.forEach(Runnable::run);
                restore = List.of();
            }
        }
    }

    /** Raises one logger to WARN in its backend; returns how to undo it, or null when the backend is unknown. */
    private static Runnable raiseToWarn(Logger logger) {
        String backend = logger.getClass().getName();
        try {
            switch (backend) {
                case "org.slf4j.simple.SimpleLogger":
                    return simple(logger);
                case "ch.qos.logback.classic.Logger":
                    return logback(logger);
                case "org.apache.logging.slf4j.Log4jLogger":
                    return log4j(logger.getName());
                case "org.slf4j.jul.JDK14LoggerAdapter":
                    return jul(logger.getName());
                default:
                    LOG.debug("[migrator-fixtures] Cannot quiet {} (logging backend {})", logger.getName(), backend);
                    return null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("[migrator-fixtures] Cannot quiet {}: {}", logger.getName(), e.toString());
            return null;
        }
    }

    private static Runnable simple(Logger logger) throws ReflectiveOperationException {
        Field level = logger.getClass().getDeclaredField("currentLogLevel");
        level.setAccessible(true);
        int old = level.getInt(logger);
        level.setInt(logger, 30); // SimpleLogger.LOG_LEVEL_WARN
        return () -> {
            try {
                level.setInt(logger, old);
            } catch (IllegalAccessException e) {
                LOG.debug("[migrator-fixtures] Cannot restore {}: {}", logger.getName(), e.toString());
            }
        };
    }

    private static Runnable logback(Logger logger) throws ReflectiveOperationException {
        ClassLoader loader = logger.getClass().getClassLoader();
        Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", false, loader);
        Method set = logger.getClass().getMethod("setLevel", levelClass);
        Object old = logger.getClass().getMethod("getLevel").invoke(logger);
        set.invoke(logger, levelClass.getField("WARN").get(null));
        return reflective(() -> set.invoke(logger, old), logger.getName());
    }

    private static Runnable log4j(String name) throws ReflectiveOperationException {
        Class<?> manager = Class.forName("org.apache.logging.log4j.LogManager");
        Object core = manager.getMethod("getLogger", String.class).invoke(null, name);
        Class<?> levelClass = Class.forName(
                "org.apache.logging.log4j.Level", false, core.getClass().getClassLoader());
        Method set = core.getClass().getMethod("setLevel", levelClass);
        Object old = core.getClass().getMethod("getLevel").invoke(core);
        set.invoke(core, levelClass.getField("WARN").get(null));
        return reflective(() -> set.invoke(core, old), name);
    }

    private static Runnable jul(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        java.util.logging.Level old = logger.getLevel();
        logger.setLevel(java.util.logging.Level.WARNING);
        return () -> logger.setLevel(old);
    }

    private interface Reflective {
        void run() throws ReflectiveOperationException;
    }

    private static Runnable reflective(Reflective action, String name) {
        return () -> {
            try {
                action.run();
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("[migrator-fixtures] Cannot restore {}: {}", name, e.toString());
            }
        };
    }
}
