package io.lucidity.migrator.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lucidity.migrator.Migrator;
import io.lucidity.migrator.UpgradeReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.flywaydb.core.Flyway;

/**
 * The tools compared, each opened the way an application would use it in-process: Migrator from a URL (it owns a
 * pool of 2), Flyway and Liquibase on a HikariCP pool of the application's (so that warm calls do not pay for
 * connecting, as in a real backend).
 */
public enum Tool {
    MIGRATOR("Migrator"),
    FLYWAY("Flyway 13.12.1"),
    FLYWAY_GROUP("Flyway group=true"),
    LIQUIBASE("Liquibase 4.33"),
    PSQL("psql -1");

    private final String label;

    Tool(String label) {
        this.label = label;
    }

    /** Shown in the table. */
    public String label() {
        return label;
    }

    /** An opened tool: {@link #migrate()} may be called repeatedly. */
    public interface Handle extends AutoCloseable {
        /** Brings the database to head; returns how many migrations were applied, or -1 when unknown. */
        int migrate() throws Exception;

        @Override
        void close();
    }

    /** Opens this tool on {@code db} for {@code work}. */
    public Handle open(Db db, Workload work) throws Exception {
        return switch (this) {
            case MIGRATOR -> migrator(db, work);
            case FLYWAY -> flyway(db, work, false);
            case FLYWAY_GROUP -> flyway(db, work, true);
            case LIQUIBASE -> liquibase(db, work);
            case PSQL -> psql(db, work);
        };
    }

    private static Handle migrator(Db db, Workload work) {
        Migrator migrator = Migrator.configure()
                .url(db.url())
                .user(db.user())
                .password(db.password())
                .locations("filesystem:" + work.migrations())
                .seedLocations(work.seeds() == null ? new String[0] : new String[] {"filesystem:" + work.seeds()})
                .load();
        return new Handle() {
            @Override
            public int migrate() {
                UpgradeReport report = migrator.upgradeToHead();
                return report.migrations().size();
            }

            @Override
            public void close() {
                migrator.close();
            }
        };
    }

    static HikariDataSource pool(Db db, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    private static Handle flyway(Db db, Workload work, boolean group) {
        HikariDataSource pool = pool(db, "flyway");
        Flyway flyway = Flyway.configure()
                .dataSource(pool)
                .locations("filesystem:" + work.flywayMigrations())
                .group(group)
                .load();
        return new Handle() {
            @Override
            public int migrate() {
                return flyway.migrate().migrationsExecuted;
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }

    private static Handle liquibase(Db db, Workload work) throws Exception {
        HikariDataSource pool = pool(db, "liquibase");
        Connection connection = pool.getConnection();
        Database database =
                DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        Path changelog = work.liquibaseChangelog();
        @SuppressWarnings("deprecation")
        Liquibase liquibase = new Liquibase(
                changelog.getFileName().toString(), new DirectoryResourceAccessor(changelog.getParent()), database);
        return new Handle() {
            @Override
            @SuppressWarnings("deprecation")
            public int migrate() throws Exception {
                // Its console UI would print a line per changeSet to stdout; the other tools log at warn only.
                Scope.child(
                        Map.of(Scope.Attr.ui.name(), new LoggerUIService()),
                        () -> liquibase.update(new Contexts(), new LabelExpression()));
                return -1;
            }

            @Override
            public void close() {
                try {
                    liquibase.close();
                } catch (LiquibaseException e) {
                    throw new IllegalStateException("Cannot close Liquibase", e);
                }
                pool.close();
            }
        };
    }

    private static Handle psql(Db db, Workload work) {
        return new Handle() {
            @Override
            public int migrate() throws Exception {
                List<String> command = new ArrayList<>(List.of(
                        psqlBinary(),
                        "-X",
                        "-q",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "--single-transaction",
                        "-h",
                        db.host(),
                        "-p",
                        String.valueOf(db.port()),
                        "-U",
                        db.user(),
                        "-d",
                        db.name(),
                        "-f",
                        work.psqlScript().toString()));
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("PGPASSWORD", db.password());
                Process p = pb.start();
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("psql failed with exit code " + p.exitValue());
                }
                return -1;
            }

            @Override
            public void close() {}
        };
    }

    /** psql of the server's major version when present, else the one on PATH. */
    static String psqlBinary() {
        Path versioned = Path.of("/usr/lib/postgresql/15/bin/psql");
        return java.nio.file.Files.isExecutable(versioned) ? versioned.toString() : "psql";
    }
}
