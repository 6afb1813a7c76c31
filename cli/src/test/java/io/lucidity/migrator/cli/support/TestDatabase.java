package io.lucidity.migrator.cli.support;

import io.lucidity.migrator.testsupport.FreshDatabase;

/**
 * A fresh, empty database of the test-support module ({@link FreshDatabase}; a missing server fails the test, it
 * never skips) whose connection settings reach the CLI through {@code MIGRATOR_URL}, {@code MIGRATOR_USER} and
 * {@code PGPASSWORD}, as in a container. Its password is one no CLI output may show ({@link Cli#secret}).
 */
public final class TestDatabase extends FreshDatabase {

    public TestDatabase() {
        Cli.secret(password());
    }

    /** A CLI connected to this database through the environment, with a clean working directory. */
    public Cli cli() {
        return Cli.create().env(env());
    }
}
