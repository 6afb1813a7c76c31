/**
 * One class per command of {@code java -jar migrator.jar}: {@code upgrade}, {@code stamp}, {@code current},
 * {@code history}, {@code status}, {@code check}, {@code validate}, {@code repair}, {@code downgrade},
 * {@code plan}, {@code seed}, {@code backup}, {@code restore}. Each parses its arguments, calls one core
 * operation and prints the result; the logic is in core.
 */
package io.lucidity.migrator.cli.command;
