package io.lucidity.migrator.internal.resolve;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.database.postgresql.PostgreSQLCopyParsedStatement;

/**
 * Hides non-ASCII decimal digits (Arabic-Indic {@code ٤}, fullwidth {@code ４}, ...) from Flyway's SQL parser.
 *
 * <p>Flyway's tokenizer (11 to 13.12.1) takes such a character as the start of a number it then never consumes,
 * and loops adding empty tokens until the heap is full — while the migration lock is held. PostgreSQL reads
 * these characters as identifier characters, so the parser is given, in their place, letters the script does not
 * contain (one per distinct digit, same length, no line breaks), and every statement is mapped back to the
 * script's own text. Scripts without such digits pass through untouched.
 */
final class DigitShield {
    /** Letters (CJK Extension A) handed to the parser in place of the digits. */
    private static final char FIRST_STAND_IN = '\u3400';

    private static final char LAST_STAND_IN = '\u4DB5';

    private final String shielded;
    private final Map<Character, Character> standIns;
    private final Map<Character, Character> originals;

    private DigitShield(String shielded, Map<Character, Character> standIns, Map<Character, Character> originals) {
        this.shielded = shielded;
        this.standIns = standIns;
        this.originals = originals;
    }

    static DigitShield of(String sql) {
        if (!hasForeignDigit(sql)) {
            return new DigitShield(sql, null, null);
        }
        Map<Character, Character> standIns = new HashMap<>();
        Map<Character, Character> originals = new HashMap<>();
        char next = FIRST_STAND_IN;
        StringBuilder out = new StringBuilder(sql.length());
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (isForeignDigit(c)) {
                Character standIn = standIns.get(c);
                if (standIn == null) {
                    while (next <= LAST_STAND_IN && sql.indexOf(next) >= 0) {
                        next++;
                    }
                    if (next > LAST_STAND_IN) {
                        return new DigitShield(sql, null, null); // no free letter left: not for real scripts
                    }
                    standIn = next++;
                    standIns.put(c, standIn);
                    originals.put(standIn, c);
                }
                out.append(standIn.charValue());
            } else {
                out.append(c);
            }
        }
        return new DigitShield(out.toString(), standIns, originals);
    }

    /** The text to give the parser. */
    String shielded() {
        return shielded;
    }

    /** A statement's text as the script has it. */
    String restore(String statement) {
        if (originals == null || statement == null) {
            return statement;
        }
        StringBuilder out = new StringBuilder(statement.length());
        for (int i = 0; i < statement.length(); i++) {
            char c = statement.charAt(i);
            Character original = originals.get(c);
            out.append(original == null ? c : original.charValue());
        }
        return out.toString();
    }

    /**
     * A {@code COPY ... FROM STDIN} statement with its inline data as the script has them. Flyway keeps the data in
     * a private field with no accessor, hence the reflection (only when the script had such digits).
     */
    PostgreSQLCopyParsedStatement restore(PostgreSQLCopyParsedStatement copy) {
        if (originals == null) {
            return copy;
        }
        try {
            Field data = PostgreSQLCopyParsedStatement.class.getDeclaredField("copyData");
            data.setAccessible(true);
            return new PostgreSQLCopyParsedStatement(
                    copy.getPos(), copy.getLine(), copy.getCol(), restore(copy.getSql()), restore((String)
                            data.get(copy)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw FlywayScripts.incompatible(e); // Flyway's COPY statement changed shape; its data cannot be restored
        }
    }

    private static boolean hasForeignDigit(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            if (isForeignDigit(sql.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isForeignDigit(char c) {
        return c > 0x7F && Character.isDigit(c);
    }
}
