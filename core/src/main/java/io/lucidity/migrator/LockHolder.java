package io.lucidity.migrator;

import java.time.OffsetDateTime;

/**
 * The session holding the migration lock, as {@code pg_stat_activity} shows it to the role Migrator connects as.
 * A role sees the client, backend start, state and query of another role's session only as a member of that role
 * or of {@code pg_read_all_stats}; otherwise they are hidden (null, and the query reads
 * {@code <insufficient privilege>}) and {@code hiddenFrom} names the role that asked.
 *
 * @param pid             backend process id ({@code SELECT pg_terminate_backend(pid)} ends it)
 * @param applicationName its {@code application_name}
 * @param user            its role
 * @param clientAddress   client address (null for a Unix socket, or when hidden)
 * @param backendStart    when the session started (null when hidden)
 * @param state           active, idle, idle in transaction, ... (null when hidden)
 * @param query           its current or last query ({@code <insufficient privilege>} when hidden)
 * @param queryStart      when that query started (null when hidden)
 * @param hiddenFrom      the role from which these facts are hidden, or null when they are shown
 */
public record LockHolder(
        int pid,
        String applicationName,
        String user,
        String clientAddress,
        OffsetDateTime backendStart,
        String state,
        String query,
        OffsetDateTime queryStart,
        String hiddenFrom) {

    /** A holder whose facts are all shown (as read by a role allowed to see them). */
    public LockHolder(
            int pid,
            String applicationName,
            String user,
            String clientAddress,
            OffsetDateTime backendStart,
            String state,
            String query,
            OffsetDateTime queryStart) {
        this(pid, applicationName, user, clientAddress, backendStart, state, query, queryStart, null);
    }

    /** True when {@code pg_stat_activity} hides the client, backend start, state and query from the role that asked. */
    public boolean hidden() {
        return hiddenFrom != null;
    }

    /**
     * The client for people: its address, {@code local socket}, or, when hidden,
     * {@code hidden from role app_migrator (GRANT pg_read_all_stats TO app_migrator shows it)}.
     */
    public String client() {
        if (hidden()) {
            return "hidden from role " + hiddenFrom + " (GRANT pg_read_all_stats TO " + hiddenFrom + " shows it)";
        }
        return clientAddress == null ? "local socket" : clientAddress;
    }

    /**
     * One line for logs: {@code pid 4242 (application 'orders-api', user app, client 10.0.0.7, backend start ...,
     * state active)}, or, when hidden, which role does not see client, backend start and state, and the grant that
     * shows them.
     */
    public String describe() {
        String who = "pid " + pid + " (application '" + applicationName + "', user " + user;
        if (hidden()) {
            return who + "; client, backend start and state hidden from role " + hiddenFrom
                    + ": GRANT pg_read_all_stats TO " + hiddenFrom + " shows them)";
        }
        return who + ", client " + client() + ", backend start " + backendStart + ", state " + state + ")";
    }
}
