package io.lucidity.migrator.testing.internal;

import java.time.Duration;

/**
 * A template database: complete, marked {@code IS_TEMPLATE}, accepting no connections.
 *
 * @param name      its name, {@code migtpl_} and the key's first 24 hex digits
 * @param key       the SHA-256 (hex) of everything that shapes its content
 * @param buildTime how long this JVM spent building it (zero when it was already there)
 */
public record Template(String name, String key, Duration buildTime) {}
