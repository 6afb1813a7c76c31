/**
 * The command line, {@code java -jar migrator.jar <command>}: {@link io.lucidity.migrator.cli.Main} (entry point,
 * exit codes), {@link io.lucidity.migrator.cli.SharedOptions} (the options every command takes),
 * {@link io.lucidity.migrator.cli.Configuration} (settings precedence), {@link io.lucidity.migrator.cli.Output}
 * (tables, JSON, diagnostics). The commands themselves, one class each, are in
 * {@link io.lucidity.migrator.cli.command}; each parses, calls the core API and prints, nothing more.
 */
package io.lucidity.migrator.cli;
