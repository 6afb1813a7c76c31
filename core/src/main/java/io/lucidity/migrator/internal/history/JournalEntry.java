package io.lucidity.migrator.internal.history;

import java.time.OffsetDateTime;

/**
 * One journal row.
 *
 * @param id               row id
 * @param kind             {@value Journal#NON_TRANSACTIONAL}, {@value Journal#STAMP}, {@value Journal#REPAIR}, {@value Journal#DOWNGRADE}
 * @param version          the migration version concerned, or null
 * @param script           its script, or null
 * @param statementsTotal  statements in the step
 * @param statementsDone   statements completed
 * @param currentStatement the statement running when last journaled
 * @param startedAt        start
 * @param endedAt          end, null while running (or after a crash)
 * @param outcome          running, succeeded, failed, rolled-back, repaired, stamped, done, abandoned
 * @param detail           error text or what was done
 * @param pid              backend pid of the session that ran it
 * @param applicationName  its application_name
 * @param performedBy      its role
 */
public record JournalEntry(
        long id,
        String kind,
        String version,
        String script,
        Integer statementsTotal,
        int statementsDone,
        String currentStatement,
        OffsetDateTime startedAt,
        OffsetDateTime endedAt,
        String outcome,
        String detail,
        Integer pid,
        String applicationName,
        String performedBy) {}
