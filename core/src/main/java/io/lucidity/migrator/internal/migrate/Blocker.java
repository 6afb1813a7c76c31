package io.lucidity.migrator.internal.migrate;

/**
 * A session blocking a migration statement, as sampled while the statement waited.
 *
 * @param pid             its backend pid
 * @param applicationName its application_name
 * @param user            its role
 * @param state           active, idle in transaction, ...
 * @param transactionAge  how long its transaction has been open
 * @param query           its current or last query
 */
record Blocker(int pid, String applicationName, String user, String state, String transactionAge, String query) {

    /** One line for a diagnostic. */
    public String describe() {
        return "pid " + pid + " (application '" + applicationName + "', user " + user + ", " + state
                + (transactionAge == null ? "" : ", transaction open for " + transactionAge) + "): " + query;
    }
}
