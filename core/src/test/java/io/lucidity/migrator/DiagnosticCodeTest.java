package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each diagnostic code names one class and one exit status, and nothing can pair a class with another class's code. */
class DiagnosticCodeTest {

    private record Raised(Class<? extends MigratorException> type, int exit) {}

    /** The table as users rely on it (README "Diagnostics"): a change here is a change of the public contract. */
    private static final Map<DiagnosticCode, Raised> TABLE = new EnumMap<>(DiagnosticCode.class);

    static {
        raised(ConfigurationException.class, 2, DiagnosticCode.CONFIG_INVALID);
        raised(ConfigurationException.class, 1, DiagnosticCode.FLYWAY_INCOMPATIBLE);
        raised(
                ConnectionException.class,
                5,
                DiagnosticCode.CONNECTION_FAILED,
                DiagnosticCode.AUTHENTICATION_FAILED,
                DiagnosticCode.DATABASE_NOT_FOUND);
        raised(LockTimeoutException.class, 3, DiagnosticCode.LOCK_TIMEOUT);
        raised(
                MigratorException.class,
                4,
                DiagnosticCode.LOCK_LOST,
                DiagnosticCode.INVALID_NAME,
                DiagnosticCode.DUPLICATE_VERSION,
                DiagnosticCode.UNREADABLE_FILE,
                DiagnosticCode.OUT_OF_ORDER,
                DiagnosticCode.UNTRUSTED_OBJECT,
                DiagnosticCode.TRANSACTION_CONTROL,
                DiagnosticCode.READ_ONLY,
                DiagnosticCode.NO_UNDO);
        raised(PartialMigrationException.class, 4, DiagnosticCode.FAILED_MIGRATION, DiagnosticCode.PARTIAL_MIGRATION);
        raised(ChecksumMismatchException.class, 4, DiagnosticCode.CHECKSUM_MISMATCH);
        raised(SchemaAheadException.class, 4, DiagnosticCode.SCHEMA_AHEAD, DiagnosticCode.MISSING_MIGRATION);
        raised(MigrationFailedException.class, 1, DiagnosticCode.MIGRATION_FAILED);
        raised(MigrationFailedException.class, 4, DiagnosticCode.OBJECT_EXISTS);
        raised(MigrationFailedException.class, 3, DiagnosticCode.DDL_LOCK_TIMEOUT);
        raised(
                MigratorException.class,
                1,
                DiagnosticCode.INSUFFICIENT_PRIVILEGE,
                DiagnosticCode.EXTENSION_MISSING,
                DiagnosticCode.EXTENSION_NOT_PERMITTED,
                DiagnosticCode.EXTENSION_TOO_OLD,
                DiagnosticCode.PG_TOOLS_MISSING,
                DiagnosticCode.BACKUP_FAILED,
                DiagnosticCode.DATABASE_ERROR,
                DiagnosticCode.INTERRUPTED);
        raised(
                SeedException.class,
                1,
                DiagnosticCode.SEED_INVALID,
                DiagnosticCode.SEED_FAILED,
                DiagnosticCode.SEED_VARIABLE_MISSING);
        raised(MigratorException.class, 2, DiagnosticCode.UNKNOWN_REVISION, DiagnosticCode.CLOSED);
        raised(MigratorException.class, 6, DiagnosticCode.CHECK_BLOCKED, DiagnosticCode.LINT_REFUSED);
    }

    private static void raised(Class<? extends MigratorException> type, int exit, DiagnosticCode... codes) {
        for (DiagnosticCode code : codes) {
            assertThat(TABLE.put(code, new Raised(type, exit)))
                    .as("%s listed twice", code)
                    .isNull();
        }
    }

    @Test
    void everyCodeHasExactlyOneClassAndOneExitStatus() {
        assertThat(TABLE.keySet()).containsExactlyInAnyOrder(DiagnosticCode.values());
        TABLE.forEach((code, raised) -> {
            assertThat(code.exceptionType()).as("class of %s", code).isEqualTo(raised.type());
            assertThat(code.exitCode()).as("exit status of %s", code).isEqualTo(raised.exit());
        });
    }

    @ParameterizedTest
    @EnumSource(DiagnosticCode.class)
    void creatingACodeGivesExactlyItsClassCarryingThatCode(DiagnosticCode code) {
        MigratorException e = MigratorException.of(code, "Something happened.", Map.of("table", "t"), "Do this.", null);

        assertThat(e).isExactlyInstanceOf(code.exceptionType());
        assertThat(e.code()).isSameAs(code);
        assertThat(e.getMessage()).isEqualTo(code.code() + ": Something happened.\n  table: t\n  Fix: Do this.");
    }

    @Test
    void aClassCannotBeBuiltWithAnotherClasssCode() {
        assertThatThrownBy(() -> new SeedException(DiagnosticCode.READ_ONLY, "The seed failed.", Map.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("READ_ONLY is raised as MigratorException");
        assertThatThrownBy(() -> new MigratorException(DiagnosticCode.CONFIG_INVALID, "Bad.", Map.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ConfigurationException");
    }

    @Test
    void noExceptionCanBeConstructedOutsideThePackageNorSubclassed() {
        Set<Class<? extends MigratorException>> types = Arrays.stream(DiagnosticCode.values())
                .map(DiagnosticCode::exceptionType)
                .collect(Collectors.toSet());
        assertThat(types)
                .containsExactlyInAnyOrder(
                        MigratorException.class,
                        ConfigurationException.class,
                        ConnectionException.class,
                        LockTimeoutException.class,
                        MigrationFailedException.class,
                        PartialMigrationException.class,
                        ChecksumMismatchException.class,
                        SchemaAheadException.class,
                        SeedException.class);
        for (Class<? extends MigratorException> type : types) {
            assertThat(type.getConstructors())
                    .as("public constructors of %s", type.getSimpleName())
                    .isEmpty();
            assertThat(type.getSuperclass()).isIn(MigratorException.class, RuntimeException.class);
            if (type != MigratorException.class) {
                assertThat(Modifier.isFinal(type.getModifiers()))
                        .as("%s is final", type.getSimpleName())
                        .isTrue();
            }
        }
    }

    @Test
    void textCodesAreUnique() {
        assertThat(Arrays.stream(DiagnosticCode.values())
                        .map(DiagnosticCode::code)
                        .distinct())
                .hasSize(DiagnosticCode.values().length);
    }

    @Test
    void aClosedMigratorRefusesWithADiagnostic() {
        Migrator migrator =
                Migrator.configure().url("jdbc:postgresql://127.0.0.1:1/closed").load();
        migrator.close();

        MigratorException e = catchThrowableOfType(MigratorException.class, migrator::status);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(DiagnosticCode.CLOSED);
        assertThat(e.remedy()).contains("Migrator.configure()");
    }
}
