package io.lucidity.migrator.internal.resolve;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.NameList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The migrations of this build.
 *
 * @param versioned  versioned migrations in version order
 * @param undo       undo scripts by the version they undo
 * @param repeatable repeatable migrations in description order
 */
public record MigrationCatalog(
        List<ResolvedMigration> versioned,
        Map<MigrationVersion, ResolvedMigration> undo,
        List<ResolvedMigration> repeatable) {

    /** The revision name of the empty database. */
    public static final String BASE = "base";
    /** The revision name of the newest migration. */
    public static final String HEAD = "head";

    /** The newest version of this build, or null when there are no versioned migrations. */
    public MigrationVersion headVersion() {
        return versioned.isEmpty() ? null : versioned.get(versioned.size() - 1).version();
    }

    /**
     * Resolves {@code head}, {@code base} or a version this build knows.
     *
     * @return the version; null for {@code base}
     * @throws MigratorException listing the known revisions
     */
    public MigrationVersion resolveRevision(String revision) {
        String r = revision == null ? HEAD : revision.trim();
        if (r.equalsIgnoreCase(HEAD)) {
            return headVersion();
        }
        if (r.equalsIgnoreCase(BASE)) {
            return null;
        }
        try {
            MigrationVersion version =
                    MigrationVersion.fromVersion(r.startsWith("V") || r.startsWith("v") ? r.substring(1) : r);
            for (ResolvedMigration m : versioned) {
                if (m.version().equals(version)) {
                    return version;
                }
            }
        } catch (RuntimeException notAVersion) {
            // fall through to the diagnostic
        }
        throw unknownRevision(r);
    }

    /** The versioned migrations up to and including {@code target}; none for a null target (base). */
    public List<ResolvedMigration> upTo(MigrationVersion target) {
        if (target == null) {
            return List.of();
        }
        return versioned.stream()
                .filter(m -> m.version().compareTo(target) <= 0)
                .toList();
    }

    /** The migration of a version, or null. */
    public ResolvedMigration find(MigrationVersion version) {
        for (ResolvedMigration m : versioned) {
            if (m.version().equals(version)) {
                return m;
            }
        }
        return null;
    }

    private MigratorException unknownRevision(String revision) {
        List<String> revisions = new ArrayList<>();
        revisions.add("base");
        versioned.forEach(m -> revisions.add(m.versionText()));
        revisions.add("head");
        String known = NameList.of(revisions, ", ", "revisions");
        return MigratorException.of(
                DiagnosticCode.UNKNOWN_REVISION,
                "The revision '" + revision + "' is not known to this build.",
                Facts.of("revision", revision).and("known revisions", known).map(),
                "Give one of the known revisions (a migration version, base or head).",
                null);
    }
}
