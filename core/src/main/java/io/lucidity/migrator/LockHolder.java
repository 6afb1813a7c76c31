package io.lucidity.migrator;

import java.time.OffsetDateTime;

/**
 * The session holding the migration lock, as {@code pg_stat_activity} shows it.
 *
 * @param pid             backend process id ({@code SELECT pg_terminate_backend(pid)} ends it)
 * @param applicationName its {@code application_name}
 * @param user            its role
 * @param clientAddress   client address (null for a Unix socket)
 * @param backendStart    when the session started
 * @param state           active, idle, idle in transaction, ...
 * @param query           its current or last query (may read {@code <insufficient privilege>})
 * @param queryStart      when that query started
 */
public record LockHolder(int pid, String applicationName, String user, String clientAddress,
                         OffsetDateTime backendStart, String state, String query, OffsetDateTime queryStart) {

    /** One line for logs: {@code pid 4242 (app 'orders-api', client 10.0.0.7, state active, since ...)}. */
    public String describe() {
        return "pid " + pid + " (application '" + applicationName + "', user " + user
                + ", client " + (clientAddress == null ? "local socket" : clientAddress)
                + ", backend start " + backendStart + ", state " + state + ")";
    }
}
