package io.lucidity.migrator.internal.seed;

import io.lucidity.migrator.DiagnosticCode;
import io.lucidity.migrator.MigratorConfig;
import io.lucidity.migrator.MigratorException;
import io.lucidity.migrator.internal.Facts;
import io.lucidity.migrator.internal.config.FrontEnd;
import io.lucidity.migrator.internal.resolve.Location;
import io.lucidity.migrator.internal.resolve.ResourceScanner;
import io.lucidity.migrator.internal.resolve.ScannedFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Finds the seed files of the seed locations, in name order, with their checksums. */
public final class SeedCatalog {
    private SeedCatalog() {}

    /**
     * Scans the seed locations.
     *
     * @throws MigratorException for a file of another kind, two files of the same name, bad UTF-8, or an
     *                                   entry that is not a file (a directory named like a seed, a dangling symbolic
     *                                   link, a FIFO: see {@link ResourceScanner})
     */
    public static List<SeedFile> resolve(MigratorConfig config) {
        SeedVariables variables = variables(config);
        Map<String, SeedFile> byName = new LinkedHashMap<>();
        for (String text : config.seedLocations()) {
            for (ScannedFile file : ResourceScanner.scan(
                    Location.parse(text),
                    config.classLoader(),
                    false,
                    name -> kind(name) != null,
                    FrontEnd.of(config.integration()).name("seeds"))) {
                SeedFile seed = toSeed(file, variables);
                SeedFile previous = byName.putIfAbsent(seed.name(), seed);
                if (previous != null) {
                    throw MigratorException.of(
                            DiagnosticCode.DUPLICATE_VERSION,
                            "Two seed files have the same name " + seed.name() + ".",
                            Facts.of("first", previous.displayPath())
                                    .and("second", seed.displayPath())
                                    .map(),
                            "Rename one of them; seeds run in name order, e.g. 01_admin_user.json, 02_config.yaml.",
                            null);
                }
            }
        }
        List<SeedFile> seeds = new ArrayList<>(byName.values());
        seeds.sort((a, b) -> a.name().compareTo(b.name()));
        return seeds;
    }

    /** The variable resolver of a configuration. */
    static SeedVariables variables(MigratorConfig config) {
        return new SeedVariables(
                config.seedVariables(), config.tenant(), System::getenv, FrontEnd.of(config.integration()));
    }

    /** The kind of seed a file name names, or null for a name no seed has. */
    private static SeedFile.Kind kind(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".sql")) {
            return SeedFile.Kind.SQL;
        } else if (lower.endsWith(".json")) {
            return SeedFile.Kind.JSON;
        } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return SeedFile.Kind.YAML;
        }
        return null;
    }

    private static SeedFile toSeed(ScannedFile file, SeedVariables variables) {
        SeedFile.Kind kind = kind(file.fileName());
        if (kind == null) {
            throw MigratorException.of(
                    DiagnosticCode.INVALID_NAME,
                    "The file " + file.displayPath() + " in a seed location is not a seed file.",
                    Facts.of("file", file.displayPath())
                            .and("rule", "seed files end in .sql, .json, .yaml or .yml")
                            .map(),
                    "Rename it, or move it out of the seed location.",
                    null);
        }
        byte[] content = withoutByteOrderMark(file.content());
        return new SeedFile(
                file.relativePath(),
                kind,
                file.displayPath(),
                content,
                checksum(kind, content, file.displayPath(), variables));
    }

    /** SHA-256 of the content and, for a JSON or YAML seed holding {@code ${}, of the resolved variables. */
    private static String checksum(SeedFile.Kind kind, byte[] content, String displayPath, SeedVariables variables) {
        MessageDigest sha256 = sha256();
        sha256.update(content);
        if (dependsOnVariables(kind, content)) {
            // Only a file that may hold ${env:...} references is decoded here; the others when they run.
            sha256.update(
                    variables.fingerprint(SeedFile.decode(content, displayPath)).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static boolean dependsOnVariables(SeedFile.Kind kind, byte[] content) {
        return kind != SeedFile.Kind.SQL && contains(content, (byte) '$', (byte) '{');
    }

    /** True when a seed's checksum depends on the variables ({@code ${env:tenant}} in a fleet, say). */
    public static boolean dependsOnVariables(SeedFile seed) {
        return dependsOnVariables(seed.kind(), seed.content());
    }

    /**
     * {@code seeds} as {@code config} resolves their variables (a fleet's tenant): the same files, not read again, with
     * the checksums of those whose variables the configuration may resolve otherwise.
     */
    public static List<SeedFile> withVariablesOf(List<SeedFile> seeds, MigratorConfig config) {
        SeedVariables variables = variables(config);
        List<SeedFile> out = new ArrayList<>(seeds.size());
        for (SeedFile seed : seeds) {
            out.add(
                    dependsOnVariables(seed)
                            ? new SeedFile(
                                    seed.name(),
                                    seed.kind(),
                                    seed.displayPath(),
                                    seed.content(),
                                    checksum(seed.kind(), seed.content(), seed.displayPath(), variables))
                            : seed);
        }
        return out;
    }

    private static byte[] withoutByteOrderMark(byte[] content) {
        if (content.length >= 3
                && content[0] == (byte) 0xEF
                && content[1] == (byte) 0xBB
                && content[2] == (byte) 0xBF) {
            return Arrays.copyOfRange(content, 3, content.length);
        }
        return content;
    }

    private static boolean contains(byte[] content, byte first, byte second) {
        for (int i = 0, end = content.length - 1; i < end; i++) {
            if (content[i] == first && content[i + 1] == second) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
