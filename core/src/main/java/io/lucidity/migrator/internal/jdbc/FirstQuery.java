package io.lucidity.migrator.internal.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A query sent in the same round trip as the session's hardening ({@link SafeSession}) and parsed after it, so that
 * it resolves names with the safe search path like every statement Migrator writes.
 *
 * @param <T> what it reads
 */
public interface FirstQuery<T> {
    /** The query's text (one statement, no trailing semicolon). */
    String sql();

    /** Binds its parameters from index {@code first}; returns the next free index. */
    int bind(PreparedStatement ps, int first) throws SQLException;

    /** Reads its result. */
    T read(ResultSet rs) throws SQLException;
}
