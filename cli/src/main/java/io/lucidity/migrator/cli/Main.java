package io.lucidity.migrator.cli;

import io.lucidity.migrator.cli.command.BackupCommand;
import io.lucidity.migrator.cli.command.CheckCommand;
import io.lucidity.migrator.cli.command.ConfigCommand;
import io.lucidity.migrator.cli.command.CurrentCommand;
import io.lucidity.migrator.cli.command.DowngradeCommand;
import io.lucidity.migrator.cli.command.HistoryCommand;
import io.lucidity.migrator.cli.command.LintCommand;
import io.lucidity.migrator.cli.command.PlanCommand;
import io.lucidity.migrator.cli.command.RepairCommand;
import io.lucidity.migrator.cli.command.RestoreCommand;
import io.lucidity.migrator.cli.command.SeedCommand;
import io.lucidity.migrator.cli.command.StampCommand;
import io.lucidity.migrator.cli.command.StatusCommand;
import io.lucidity.migrator.cli.command.UpgradeCommand;
import io.lucidity.migrator.cli.command.ValidateCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar migrator.jar <command> [options]}: the operator's commands over the core API.
 * Exit codes: 0 ok; 1 failed; 2 usage; 3 lock timeout; 4 refused; 5 cannot connect; 6 {@code check} found a
 * blocker (see {@link io.lucidity.migrator.DiagnosticCode#exitCode()}).
 */
@Command(
        name = "migrator",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        usageHelpAutoWidth = true,
        description = "Migrations and seeds for PostgreSQL + pgvector: upgrade, inspect and repair a database.",
        subcommands = {
            UpgradeCommand.class,
            StampCommand.class,
            CurrentCommand.class,
            HistoryCommand.class,
            StatusCommand.class,
            CheckCommand.class,
            ValidateCommand.class,
            RepairCommand.class,
            DowngradeCommand.class,
            PlanCommand.class,
            SeedCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            LintCommand.class,
            ConfigCommand.class
        },
        footerHeading = "%nSettings%n",
        footer = {
            "  Highest first: the command line, MIGRATOR_* variables (MIGRATOR_URL,",
            "  MIGRATOR_LOCK_TIMEOUT, ...), --config FILE, ./migrator.properties (same keys",
            "  as the options: url=, lock-timeout=, check.NAME.sql=). MIGRATOR_PLACEHOLDERS_NAME",
            "  and MIGRATOR_CHECK_NAME_SQL too; any other MIGRATOR_* variable is refused.",
            "  'migrator config' prints the settings in effect.",
            "  Password: MIGRATOR_PASSWORD, PGPASSWORD or --password-file, never an option.",
            "",
            "Fleets",
            "  --tenant-schemas PATTERN, --tenant-databases PATTERN, --tenants NAME[,NAME] or",
            "  --tenant-query SQL, with --parallel N: upgrade, status, current, history,",
            "  validate, check, plan, stamp, repair, seed and downgrade run once per tenant;",
            "  exit code: the highest among the tenants (docs/cli.md, docs/fleets.md).",
            "",
            "Exit codes",
            "  0 ok; 1 failed; 2 usage; 3 lock timeout; 4 refused (partial, failed,",
            "  checksum, unknown, out of order); 5 cannot connect; 6 check blocked.",
            "",
            "Example",
            "  export MIGRATOR_URL=jdbc:postgresql://db:5432/app MIGRATOR_USER=app",
            "  export PGPASSWORD=...   # or --password-file /run/secrets/db-password",
            "  java -jar migrator.jar upgrade --locations filesystem:db/migration \\",
            "      --seeds filesystem:db/seed"
        })
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a command: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command.");
    }

    /** Runs the CLI and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(
                args,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /**
     * Runs the CLI without exiting.
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Logging.configure(has(args, "--debug") || "true".equalsIgnoreCase(System.getenv("MIGRATOR_DEBUG")));
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, arguments) -> usageError(e, arguments));
        return cli.execute(args);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        boolean json = has(args, "--json") || "true".equalsIgnoreCase(System.getenv("MIGRATOR_JSON"));
        Output out = new Output(command.getOut(), err, json, false);
        String name = command.getCommandSpec().qualifiedName();
        return out.usage(e.getMessage(), "Run '" + name + " --help' for the options and an example.");
    }

    private static boolean has(String[] args, String flag) {
        return Arrays.asList(args).contains(flag);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "migrator " + (version == null ? "(development build)" : version) + ", Java "
                        + System.getProperty("java.version")
            };
        }
    }
}
