package io.lucidity.migrator.internal;

import io.lucidity.migrator.ExtensionRequirement;
import io.lucidity.migrator.internal.history.Digest;
import io.lucidity.migrator.internal.history.StateProbe;
import io.lucidity.migrator.internal.resolve.MigrationCatalog;
import io.lucidity.migrator.internal.resolve.ResolvedMigration;
import io.lucidity.migrator.internal.seed.SeedFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the state probe's answer is exactly what this build would leave behind: the check at head, before the
 * lock and again under it. The expected digests are computed once per target and baseline.
 */
final class FastPath {
    private static final Logger LOG = LoggerFactory.getLogger(FastPath.class);

    private final Workspace workspace;
    private final Map<String, Expected> expectedByTarget = new ConcurrentHashMap<>();

    FastPath(Workspace workspace) {
        this.workspace = workspace;
    }

    /** What the probe must show for one target: the count and digest of applied migrations. */
    private record Expected(long count, String digest) {}

    /** True when the probe shows exactly what this build would leave behind. */
    boolean agrees(
            StateProbe.Result probe,
            MigrationCatalog migrations,
            List<SeedFile> seedFiles,
            MigrationVersion target,
            boolean toHead) {
        boolean agrees = check(probe, migrations, seedFiles, target, toHead);
        if (LOG.isDebugEnabled()) {
            log(probe, migrations, seedFiles, target, toHead, agrees);
        }
        return agrees;
    }

    private boolean check(
            StateProbe.Result probe,
            MigrationCatalog migrations,
            List<SeedFile> seedFiles,
            MigrationVersion target,
            boolean toHead) {
        if (!probe.tablesExist() || probe.failed() > 0 || probe.unfinished() > 0) {
            return false;
        }
        for (ExtensionRequirement r : workspace.config().extensions()) {
            String installed = probe.extensions().get(r.name());
            if (installed == null || !r.isSatisfiedBy(installed)) {
                return false;
            }
        }
        Expected expected = expectedVersioned(migrations, target, maxVersion(probe.baselines()));
        if (probe.versionedCount() != expected.count()
                || !probe.versionedDigest().equals(expected.digest())) {
            return false;
        }
        if (!toHead) {
            return true;
        }
        return probe.repeatableDigest().equals(repeatableDigest(migrations))
                && probe.seedDigest().equals(seedDigest(seedFiles));
    }

    /** True when the probe's seed digest shows every seed journaled with its checksum. */
    static boolean seedsUnchanged(StateProbe.Result probe, List<SeedFile> seedFiles) {
        return probe.seedDigest().equals(digestOf(seedFiles));
    }

    private static String digestOf(List<SeedFile> seedFiles) {
        Map<String, String> seedState = new HashMap<>();
        seedFiles.forEach(s -> seedState.put(s.name(), s.checksum()));
        return Digest.of(seedState);
    }

    /**
     * The last digest computed, and of what (the very object): a fleet compares a thousand tenants with the same
     * catalog and seeds, and computes their digests once.
     */
    private record Memo(Object of, String digest) {}

    private volatile Memo repeatableMemo;
    private volatile Memo seedMemo;

    private String repeatableDigest(MigrationCatalog migrations) {
        Memo memo = repeatableMemo;
        if (memo == null || memo.of() != migrations) {
            Map<String, String> repeatable = new HashMap<>();
            migrations.repeatable().forEach(m -> repeatable.put(m.description(), String.valueOf(m.checksum())));
            memo = new Memo(migrations, Digest.of(repeatable));
            repeatableMemo = memo;
        }
        return memo.digest();
    }

    private String seedDigest(List<SeedFile> seedFiles) {
        Memo memo = seedMemo;
        if (memo == null || memo.of() != seedFiles) {
            memo = new Memo(seedFiles, digestOf(seedFiles));
            seedMemo = memo;
        }
        return memo.digest();
    }

    /**
     * The applied-migration count and digest the probe must show, computed once per target and baseline (the
     * catalog is resolved once per workspace).
     */
    private Expected expectedVersioned(
            MigrationCatalog migrations, MigrationVersion target, MigrationVersion baseline) {
        return expectedByTarget.computeIfAbsent(target + "|" + baseline, key -> {
            Map<String, String> entries = new HashMap<>();
            for (ResolvedMigration m : migrations.upTo(target)) {
                if (baseline == null || m.version().compareTo(baseline) > 0) {
                    entries.put(m.versionText(), String.valueOf(m.checksum()));
                }
            }
            return new Expected(entries.size(), Digest.of(entries));
        });
    }

    /** The probe's answer next to what this build expects, at debug. */
    private void log(
            StateProbe.Result probe,
            MigrationCatalog migrations,
            List<SeedFile> seedFiles,
            MigrationVersion target,
            boolean toHead,
            boolean agrees) {
        if (!probe.tablesExist()) {
            LOG.debug(
                    "[migrator] Probe: no history table {} yet; expected {} migration(s) up to {}",
                    workspace.tables().history(),
                    migrations.upTo(target).size(),
                    target == null ? "base" : target);
            return;
        }
        Expected expected = expectedVersioned(migrations, target, maxVersion(probe.baselines()));
        LOG.debug(
                "[migrator] Probe: found {} applied migration(s) (digest {}), {} failed, {} unfinished, extensions {}, "
                        + "repeatables digest {}, seeds digest {}; expected {} (digest {}), {} repeatable(s), {} seed(s)"
                        + "{}: {}",
                probe.versionedCount(),
                probe.versionedDigest(),
                probe.failed(),
                probe.unfinished(),
                probe.extensions(),
                probe.repeatableDigest(),
                probe.seedDigest(),
                expected.count(),
                expected.digest(),
                toHead ? migrations.repeatable().size() : 0,
                seedFiles.size(),
                probe.inRecovery() ? " (a standby)" : "",
                agrees ? "at the target, nothing to do" : "work to do under the lock");
    }

    private static MigrationVersion maxVersion(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return null;
        }
        MigrationVersion max = null;
        for (String v : commaSeparated.split(",")) {
            MigrationVersion version = MigrationVersion.fromVersion(v.trim());
            max = max == null || version.compareTo(max) > 0 ? version : max;
        }
        return max;
    }
}
