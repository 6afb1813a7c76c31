package io.lucidity.migrator.internal;

import io.lucidity.migrator.SeedResult;
import io.lucidity.migrator.internal.seed.SeedFile;
import io.lucidity.migrator.internal.seed.SeedRunner;
import java.util.List;
import java.util.Map;

/** The seed command: runs every seed again under the lock, changed or not (migrations are not touched). */
public final class Seed {
    private Seed() {}

    public static List<SeedResult> run(Workspace ws) {
        List<SeedFile> seedFiles = ws.seeds();
        seedFiles.forEach(SeedFile::text); // a seed that is not UTF-8 is refused before anything runs
        return ws.underLock("Seeding", s -> {
            Guards.refuseIfReadOnly(ws, s);
            ws.ensureTables(s.connection(), s.state(), false);
            SeedRunner runner = new SeedRunner(ws.config(), ws.tables(), ws.scripts());
            runner.validate(seedFiles, Map.of());
            return runner.run(
                    s.connection(), ws.lock(s), seedFiles, Map.of(), ws.config().listener()::seedCompleted);
        });
    }
}
