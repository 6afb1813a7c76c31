package io.lucidity.migrator.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The values a server message quotes are withheld; the names of the objects involved are kept. */
class SqlErrorsTest {
    @Test
    void aQuotedValueIsWithheldAndQuotedNamesAreKept() {
        assertThat(SqlErrors.withoutQuotedValues("invalid input syntax for type integer: \"abc\"", List.of()))
                .isEqualTo("invalid input syntax for type integer: <withheld>");
        assertThat(SqlErrors.withoutQuotedValues(
                        "new row for relation \"vault\" violates check constraint \"vault_check\"",
                        List.of("public", "vault", "vault_check")))
                .isEqualTo("new row for relation \"vault\" violates check constraint \"vault_check\"");
    }

    @Test
    void aValueHoldingQuotesIsWithheldWhole() {
        assertThat(SqlErrors.withoutQuotedValues("value \"1\" 2\" is out of range for type integer", List.of()))
                .isEqualTo("value <withheld> is out of range for type integer");
        assertThat(SqlErrors.withoutQuotedValues("value \"a\"b\" of \"t\" and \"c\"", List.of("t", "c")))
                .isEqualTo("value <withheld> of \"t\" and \"c\"");
        assertThat(SqlErrors.withoutQuotedValues("malformed array literal: \"{\"x\"", List.of()))
                .isEqualTo("malformed array literal: <withheld>");
        assertThat(SqlErrors.withoutQuotedValues("unterminated: \"x", List.of()))
                .isEqualTo("unterminated: <withheld>");
    }

    @Test
    void aNameIsKeptOnlyWhenTheWholeQuotedPartIsTheName() {
        assertThat(SqlErrors.withoutQuotedValues("value \"vault2\" for \"vault\"", List.of("vault")))
                .isEqualTo("value <withheld> for \"vault\"");
    }
}
