package io.lucidity.migrator.reliability.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.testsupport.ChildJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a diagnostic's remedy as an operator would: runs the SQL it names, then the {@code migrator} command it
 * names, in the CLI's words or the Java API's (through the CLI, as a process). Fails when the remedy names nothing it
 * can act on.
 */
public final class Remedy {
    private static final Pattern DROP_INDEX = Pattern.compile("DROP INDEX CONCURRENTLY IF EXISTS [^;\\s]+;");
    /** The command in the CLI's words ({@code `migrator stamp 2`}) or the Java API's ({@code `migrator.stamp("2")`}). */
    private static final Pattern COMMAND = Pattern.compile(
            "`migrator (repair|stamp [^`]+)`|`migrator\\.(repair)\\(\\)`|`migrator\\.stamp\\(\"([^\"]+)\"\\)`");

    private Remedy() {}

    /** Follows {@code remedy}; returns what was done, in order. */
    public static List<String> follow(String remedy, Db db, Map<String, String> cliEnv) {
        List<String> done = new ArrayList<>();
        Matcher drop = DROP_INDEX.matcher(remedy);
        while (drop.find()) {
            db.execute(drop.group());
            done.add(drop.group());
        }
        Matcher command = COMMAND.matcher(remedy);
        assertThat(command.find())
                .as("a migrator command in the remedy: %s", remedy)
                .isTrue();
        // The same operation through the CLI, whichever words the remedy used.
        String operation = command.group(1) != null
                ? command.group(1)
                : command.group(2) != null ? "repair" : "stamp " + command.group(3);
        List<String> args = new ArrayList<>(List.of(operation.split(" ")));
        if (args.get(0).equals("repair")) {
            args.add("--yes");
        }
        ChildJvm.Finished run = Cli.run(cliEnv, args.toArray(String[]::new));
        assertThat(run.exitCode())
                .as("following the remedy `%s`: %s", String.join(" ", args), run)
                .isZero();
        done.add("migrator " + String.join(" ", args));
        return done;
    }
}
