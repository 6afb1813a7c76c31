package io.lucidity.migrator.cli;

import io.lucidity.migrator.AppliedMigration;
import io.lucidity.migrator.ExtensionResult;
import io.lucidity.migrator.MigratorListener;
import io.lucidity.migrator.SeedResult;
import java.util.Locale;

/** One line on standard error per extension, migration and seed as an upgrade or {@code seed} progresses. */
final class Progress implements MigratorListener {
    private final Output out;
    /** {@code "tenant: "} in a fleet upgrade, where tenants progress in parallel; else empty. */
    private final String prefix;

    Progress(Output out) {
        this(out, "");
    }

    private Progress(Output out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    @Override
    public MigratorListener forTenant(String tenant) {
        return new Progress(out, tenant + ": ");
    }

    @Override
    public void extensionEnsured(ExtensionResult extension) {
        out.progress(prefix + "extension " + extension.name() + ": "
                + extension.action().name().toLowerCase(Locale.ROOT) + ", version " + extension.version());
    }

    @Override
    public void migrationApplied(AppliedMigration migration) {
        out.progress(prefix + "migration " + Text.label(migration)
                + (migration.transactional() ? "" : " (outside a transaction)") + ": "
                + migration.duration().toMillis() + " ms");
    }

    @Override
    public void seedCompleted(SeedResult seed) {
        out.progress(prefix + "seed " + seed.name() + ": "
                + (seed.outcome() == SeedResult.Outcome.APPLIED
                        ? seed.rowsAffected() + " row(s), " + seed.duration().toMillis() + " ms"
                        : "unchanged"));
    }
}
