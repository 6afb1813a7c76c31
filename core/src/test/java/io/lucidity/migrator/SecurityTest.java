package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lucidity.migrator.support.TestDb;
import io.lucidity.migrator.testsupport.MigrationFiles;
import io.lucidity.migrator.testsupport.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The security model, tried as an attacker who holds only an application role would: {@code attacker} may CREATE in
 * the schema that holds the bookkeeping (every role may on PostgreSQL 14 and older; the database owner may on 15+),
 * {@code app} has DML only, and Migrator runs as the superuser (the worst case) or as {@code owner}, the role that
 * owns the application's schema. Whatever the attacker plants records itself in {@code public.pwned} and tries to
 * make the attacker a superuser; every test ends with neither having happened.
 */
class SecurityTest {
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String attacker = "attacker_" + suffix;
    private final String app = "app_" + suffix;
    private final String owner = "owner_" + suffix;
    private TestDb db;
    private MigrationFiles dir;

    @BeforeEach
    void setUp() throws SQLException {
        db = new TestDb();
        dir = new MigrationFiles();
        db.execute("CREATE ROLE " + attacker + " LOGIN PASSWORD '" + PASSWORD + "'; "
                + "CREATE ROLE " + app + " LOGIN PASSWORD '" + PASSWORD + "'; "
                + "CREATE ROLE " + owner + " LOGIN PASSWORD '" + PASSWORD + "'; "
                // PostgreSQL 14's public schema: every role may create in it.
                + "GRANT CREATE, USAGE ON SCHEMA public TO PUBLIC; "
                + "GRANT CONNECT, TEMPORARY ON DATABASE " + db.name() + " TO PUBLIC; "
                + "CREATE SCHEMA shop AUTHORIZATION " + owner + "; GRANT USAGE ON SCHEMA shop TO " + app + "; "
                + "ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA shop "
                + "  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + app + "; "
                + "CREATE TABLE public.pwned (who text, what text); GRANT INSERT, SELECT ON public.pwned TO PUBLIC");
        asAttacker("""
                CREATE FUNCTION public.record_pwned(what text) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO public.pwned VALUES (current_user, what);
                  BEGIN EXECUTE 'ALTER ROLE %s SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;
                END $$;
                CREATE FUNCTION public.pwn_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned(TG_OP || ' on ' || TG_TABLE_NAME); RETURN NULL; END $$;
                CREATE FUNCTION public.pwn_read() RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('read'); RETURN true; END $$;
                """.formatted(attacker));
    }

    @AfterEach
    void tearDown() throws SQLException {
        try {
            assertThat(db.column("SELECT who || ': ' || what FROM public.pwned"))
                    .as("code the attacker planted ran")
                    .isEmpty();
            assertThat(db.value("SELECT rolsuper FROM pg_roles WHERE rolname = '" + attacker + "'"))
                    .isEqualTo("f");
        } finally {
            dir.close();
            db.close();
            try (TestDb other = new TestDb()) {
                other.execute("DROP ROLE IF EXISTS " + attacker + "; DROP ROLE IF EXISTS " + app
                        + "; DROP ROLE IF EXISTS " + owner);
            }
        }
    }

    // 1. Bookkeeping objects created by someone else

    @ParameterizedTest
    @ValueSource(
            strings = {
                // a history table in Flyway's shape, with a trigger that runs when Migrator inserts its rows
                "CREATE TABLE public.flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), "
                        + "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INTEGER, "
                        + "installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(), "
                        + "execution_time INTEGER NOT NULL, success BOOLEAN NOT NULL); "
                        + "CREATE TRIGGER t AFTER INSERT ON public.flyway_schema_history FOR EACH STATEMENT EXECUTE FUNCTION public.pwn_trigger()",
                // a journal with a trigger
                "CREATE TABLE public.migrator_journal (id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, version TEXT, script TEXT, "
                        + "checksum INTEGER, statements_total INTEGER, statements_done INTEGER NOT NULL DEFAULT 0, current_statement TEXT, "
                        + "started_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), ended_at TIMESTAMPTZ, outcome TEXT NOT NULL, "
                        + "detail TEXT, pid INTEGER, application_name TEXT, performed_by TEXT NOT NULL DEFAULT current_user); "
                        + "CREATE TRIGGER t AFTER INSERT OR UPDATE ON public.migrator_journal FOR EACH STATEMENT "
                        + "EXECUTE FUNCTION public.pwn_trigger(); GRANT ALL ON public.migrator_journal TO PUBLIC",
                // a seed journal whose default runs the attacker's function on insert
                "CREATE TABLE public.migrator_seed_journal (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, "
                        + "applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), rows_affected BIGINT NOT NULL, "
                        + "execution_time INTEGER NOT NULL, applied_by TEXT NOT NULL DEFAULT current_user, "
                        + "x BOOLEAN DEFAULT public.pwn_read()); GRANT ALL ON public.migrator_seed_journal TO PUBLIC",
                // a summary that is a view: reading it runs the attacker's function
                "CREATE VIEW public.migrator_history_summary AS SELECT 'flyway_schema_history'::text AS history_table, "
                        + "0::bigint AS generation, NULL::bigint AS changed_in, NULL::bigint AS summarized_generation, "
                        + "NULL::bigint AS versioned_count, NULL::text AS versioned_digest, NULL::text AS baselines, "
                        + "NULL::text AS repeatable_digest, NULL::bigint AS failed, NULL::text AS trigger_xmin WHERE public.pwn_read()",
                // the summary trigger function itself
                "CREATE FUNCTION public.migrator_history_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
                        + "BEGIN PERFORM public.record_pwned('summary trigger'); RETURN NULL; END $$",
            })
    void aBookkeepingObjectAnotherRoleCreatedIsRefusedNotAdopted(String planted) throws Exception {
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);")
                .seed("01_items.sql", "INSERT INTO items VALUES (1) ON CONFLICT DO NOTHING;");
        asAttacker(planted);
        try (Migrator migrator = asSuperuser().load()) {
            MigratorException refused = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            assertThat(refused).as("upgrade").isNotNull();
            assertThat(refused.code()).isEqualTo(DiagnosticCode.UNTRUSTED_OBJECT);
            assertThat(refused.getMessage())
                    .contains("\"public\".")
                    .contains(attacker)
                    .contains("OWNER TO");
            for (Runnable operation : List.<Runnable>of(
                    migrator::status,
                    migrator::history,
                    migrator::current,
                    migrator::seed,
                    () -> migrator.stamp("1"))) {
                MigratorException also = catchThrowableOfType(MigratorException.class, operation::run);
                assertThat(also).isNotNull();
                assertThat(also.code()).isEqualTo(DiagnosticCode.UNTRUSTED_OBJECT);
            }
        }
        assertThat(db.exists("public.items")).as("nothing ran").isFalse();
    }

    @Test
    void aTableWithAPolicyOrARuleIsRefusedEvenWhenTheMigrationRoleOwnsIt() throws Exception {
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);");
        try (Migrator migrator = asSuperuser().load()) {
            migrator.upgradeToHead();
        }
        db.execute("CREATE RULE r AS ON INSERT TO public.migrator_journal DO ALSO SELECT public.pwn_read()");
        dir.migration("V2__more.sql", "CREATE TABLE more (id int);");
        try (Migrator migrator = asSuperuser().load()) {
            MigratorException refused = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            assertThat(refused.code()).isEqualTo(DiagnosticCode.UNTRUSTED_OBJECT);
            assertThat(refused.getMessage()).contains("migrator_journal").contains("rule(s) r");
        }
        db.execute("DROP RULE r ON public.migrator_journal; "
                + "CREATE POLICY p ON public.migrator_seed_journal USING (public.pwn_read()); "
                + "ALTER TABLE public.migrator_seed_journal ENABLE ROW LEVEL SECURITY");
        try (Migrator migrator = asSuperuser().load()) {
            MigratorException refused = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            assertThat(refused.code()).isEqualTo(DiagnosticCode.UNTRUSTED_OBJECT);
            assertThat(refused.getMessage()).contains("migrator_seed_journal").contains("polic(ies) p");
        }
        assertThat(db.exists("public.more")).isFalse();
    }

    @Test
    void aHistoryTableTheMigrationRoleOrARoleItBelongsToCreatedIsAdopted() throws Exception {
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);");
        // Flyway, run earlier as a role the migration role is a member of, left its history table.
        db.execute("CREATE ROLE flyway_" + suffix + "; GRANT flyway_" + suffix + " TO " + owner + "; "
                + "GRANT CREATE ON SCHEMA shop TO flyway_" + suffix + "; SET ROLE flyway_" + suffix + "; "
                + "CREATE TABLE shop.flyway_schema_history (installed_rank INT NOT NULL, version VARCHAR(50), "
                + "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, "
                + "checksum INTEGER, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(), "
                + "execution_time INTEGER NOT NULL, success BOOLEAN NOT NULL); RESET ROLE");
        try (Migrator migrator = asOwner().load()) {
            assertThat(migrator.upgradeToHead().toRevision()).isEqualTo("1");
            assertThat(migrator.upgradeToHead().upToDate()).isTrue();
        }
        try {
            assertThat(db.exists("shop.items")).isTrue();
        } finally {
            db.execute("DROP SCHEMA shop CASCADE; DROP OWNED BY flyway_" + suffix + "; DROP ROLE flyway_" + suffix);
        }
    }

    // 2. The SECURITY DEFINER trigger function

    @Test
    void noOtherRoleCanAttachTheSummaryFunctionToATableOfItsOwn() throws Exception {
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);");
        try (Migrator migrator = asOwner().load()) {
            migrator.upgradeToHead();
        }
        assertThat(db.value("SELECT has_function_privilege('public', 'shop.migrator_history_changed()', 'EXECUTE')"))
                .isEqualTo("f");
        SQLException denied = catchThrowableOfType(SQLException.class, () -> asAttacker("""
                CREATE TEMP TABLE mine (id int);
                CREATE TRIGGER steal AFTER INSERT ON pg_temp.mine FOR EACH STATEMENT
                  EXECUTE FUNCTION shop.migrator_history_changed('flyway_schema_history');
                INSERT INTO pg_temp.mine VALUES (1);
                """));
        assertThat((Object) denied).isNotNull();
        assertThat(denied.getSQLState()).isEqualTo("42501");
    }

    @Test
    void theSummaryFunctionDoesNothingForAnyTableButAHistoryTable() throws Exception {
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);");
        try (Migrator migrator = asOwner().load()) {
            migrator.upgradeToHead();
        }
        String generation =
                "SELECT string_agg(history_table || '=' || generation, ',') FROM shop.migrator_history_summary";
        String before = db.value(generation);
        // Even a role that may execute it (here the superuser) cannot make it mark the history's summary from another
        // table, in this schema or any other.
        db.execute("CREATE TABLE public.other (id int); CREATE TRIGGER misuse AFTER INSERT ON public.other "
                + "FOR EACH STATEMENT EXECUTE FUNCTION shop.migrator_history_changed('flyway_schema_history'); "
                + "CREATE TRIGGER misuse AFTER INSERT ON shop.items "
                + "FOR EACH STATEMENT EXECUTE FUNCTION shop.migrator_history_changed('flyway_schema_history')");
        for (String table : List.of("public.other", "shop.items")) {
            IllegalStateException failed = catchThrowableOfType(
                    IllegalStateException.class, () -> db.execute("INSERT INTO " + table + " VALUES (1)"));
            assertThat((Object) failed).as(table).isNotNull();
            SQLException refused = (SQLException) failed.getCause();
            assertThat(refused.getMessage()).contains("fires only after statements on a history table of schema shop");
        }
        // Named by its own name, a table of the schema has no summary: nothing is marked.
        db.execute("DROP TRIGGER misuse ON shop.items; CREATE TRIGGER misuse AFTER INSERT ON shop.items "
                + "FOR EACH STATEMENT EXECUTE FUNCTION shop.migrator_history_changed('items'); INSERT INTO shop.items VALUES (1); "
                + "DROP TRIGGER misuse ON shop.items");
        assertThat(db.value(generation)).isEqualTo(before);
    }

    // 3. Migrator's own SQL under the session's search_path

    @Test
    void operatorsAndFunctionsPlantedOnTheSearchPathNeverRunAsTheMigrationRole() throws Exception {
        // Operators that match Migrator's own expressions more exactly than pg_catalog's, in public, which is on the
        // migration role's search path: each records the call, then does what the built-in one does.
        asAttacker("""
                CREATE FUNCTION public.cat_vv(a varchar, b varchar) RETURNS text LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('varchar || varchar'); RETURN a::text OPERATOR(pg_catalog.||) b::text; END $$;
                CREATE OPERATOR public.|| (LEFTARG = varchar, RIGHTARG = varchar, FUNCTION = public.cat_vv);
                CREATE FUNCTION public.cat_nn(a name, b name) RETURNS text LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('name || name'); RETURN a::text OPERATOR(pg_catalog.||) b::text; END $$;
                CREATE OPERATOR public.|| (LEFTARG = name, RIGHTARG = name, FUNCTION = public.cat_nn);
                CREATE FUNCTION public.to_regclass(v varchar) RETURNS regclass LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('to_regclass(varchar)'); RETURN pg_catalog.to_regclass(v::text); END $$;
                CREATE FUNCTION public.md5(v varchar) RETURNS text LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('md5(varchar)'); RETURN pg_catalog.md5(v::text); END $$;
                """);
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY, name text);")
                .migration("V2__index.sql", "CREATE INDEX CONCURRENTLY items_name ON items (name);")
                .migration("U2__index.sql", "DROP INDEX items_name;")
                .migration("R__view.sql", "CREATE OR REPLACE VIEW item_names AS SELECT name FROM items;")
                .seed(
                        "01_items.json",
                        "{\"table\": \"items\", \"key\": [\"id\"], \"mode\": \"upsert\", "
                                + "\"rows\": [{\"id\": 1, \"name\": \"one\"}]}")
                .seed("02_more.sql", "INSERT INTO items VALUES (2, 'two') ON CONFLICT DO NOTHING;");
        try (Migrator migrator = asSuperuser().load()) {
            assertThat(migrator.upgradeToHead().toRevision()).isEqualTo("2");
            assertThat(migrator.upgradeToHead().upToDate()).isTrue();
            migrator.status();
            migrator.history();
            migrator.current();
            migrator.validate();
            migrator.plan();
            migrator.check();
            migrator.seed();
            migrator.repair();
            migrator.downgradeTo("1");
            migrator.stamp("2");
            migrator.stamp("1");
            assertThat(migrator.upgradeToHead().toRevision()).isEqualTo("2");
        }
        assertThat(db.column("SELECT name FROM items ORDER BY id")).containsExactly("one", "two");
    }

    @Test
    void operatorsPlantedOnTheSearchPathNeverRunWhenAFleetIsListedAndUpgradedInBatches() throws Exception {
        // The fleet lists tenant schemas with LIKE over names, and an upgrade from an empty schema reads the lock
        // table's
        // settings and the schema's objects to size its batches: operators matching those expressions more exactly than
        // pg_catalog's, in public, record any call.
        asAttacker("""
                CREATE FUNCTION public.like_nv(a name, b varchar) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('name ~~ varchar'); RETURN a OPERATOR(pg_catalog.~~) b::text; END $$;
                CREATE OPERATOR public.~~ (LEFTARG = name, RIGHTARG = varchar, FUNCTION = public.like_nv);
                CREATE FUNCTION public.ne_nt(a name, b text) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('name <> text'); RETURN a::text OPERATOR(pg_catalog.<>) b; END $$;
                CREATE OPERATOR public.<> (LEFTARG = name, RIGHTARG = text, FUNCTION = public.ne_nt);
                CREATE FUNCTION public.eq_tt(a text, b text) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('text = text'); RETURN a OPERATOR(pg_catalog.=) b; END $$;
                CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.eq_tt);
                """);
        db.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY, name text);")
                .migration("V2__tags.sql", "CREATE TABLE tags (id int PRIMARY KEY);");
        try (Migrator migrator = asSuperuser().tenantSchemas("tenant\\_%").load()) {
            FleetReport report = migrator.upgradeFleet();
            assertThat(report.allAtHead()).as(report.summaryLine()).isTrue();
            assertThat(report.tenants()).hasSize(2);
        }
        assertThat(db.exists("tenant_a.tags")).isTrue();
    }

    @Test
    void operatorsPlantedOnTheSearchPathNeverRunWhenAFleetIsCheckedAtHeadOrDatabasesAreListed() throws Exception {
        // The fleet-wide check at head matches tenant schemas and bookkeeping names (name = text), builds the
        // extension list (text || text) and matches the summary function's mark (text ~~ text); database tenants are
        // listed with LIKE over pg_database (name ~~ varchar); the fleet slots call generate_series and
        // pg_try_advisory_lock. Operators and functions for those, in public, record any call.
        asAttacker("""
                CREATE FUNCTION public.eq_nt(a name, b text) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('name = text'); RETURN a::text OPERATOR(pg_catalog.=) b; END $$;
                CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = text, FUNCTION = public.eq_nt);
                CREATE FUNCTION public.cat_tt(a text, b text) RETURNS text LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('text || text'); RETURN a OPERATOR(pg_catalog.||) b; END $$;
                CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = public.cat_tt);
                CREATE FUNCTION public.like_tt(a text, b text) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('text ~~ text'); RETURN a OPERATOR(pg_catalog.~~) b; END $$;
                CREATE OPERATOR public.~~ (LEFTARG = text, RIGHTARG = text, FUNCTION = public.like_tt);
                CREATE FUNCTION public.like_nv(a name, b varchar) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('name ~~ varchar'); RETURN a OPERATOR(pg_catalog.~~) b::text; END $$;
                CREATE OPERATOR public.~~ (LEFTARG = name, RIGHTARG = varchar, FUNCTION = public.like_nv);
                CREATE FUNCTION public.generate_series(a int, b int) RETURNS SETOF int LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('generate_series'); RETURN QUERY
                SELECT * FROM pg_catalog.generate_series(a, b); END $$;
                CREATE FUNCTION public.pg_try_advisory_lock(a int, b int) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN PERFORM public.record_pwned('pg_try_advisory_lock'); RETURN pg_catalog.pg_try_advisory_lock(a, b);
                END $$;
                """);
        db.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY, name text);");
        try (Migrator migrator = asSuperuser().tenantSchemas("tenant\\_%").load()) {
            assertThat(migrator.upgradeFleet().summary().upgraded()).isEqualTo(2);
            FleetReport again = migrator.upgradeFleet();
            assertThat(again.summary().atHead()).as(again.summaryLine()).isEqualTo(2);
        }
        try (Migrator migrator =
                asSuperuser().schema("fleet").tenantDatabases(db.name()).load()) {
            assertThat(migrator.tenants()).containsExactly(db.name());
            assertThat(migrator.upgradeFleet().allAtHead()).isTrue();
        }
        assertThat(db.exists("fleet.items")).isTrue();
    }

    @Test
    void aTenantWhoseBookkeepingTableGotAForeignTriggerIsNotTakenAtHeadByTheFleetCheckButRefused() throws Exception {
        db.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY, name text);");
        try (Migrator migrator = asSuperuser().tenantSchemas("tenant\\_%").load()) {
            assertThat(migrator.upgradeFleet().allAtHead()).isTrue();
        }
        db.execute("CREATE TRIGGER t AFTER INSERT ON tenant_b.migrator_seed_journal FOR EACH STATEMENT "
                + "EXECUTE FUNCTION public.pwn_trigger()");

        FleetReport report;
        try (Migrator migrator = asSuperuser().tenantSchemas("tenant\\_%").load()) {
            report = migrator.upgradeFleet();
        }

        assertThat(report.tenant("tenant_a").outcome()).isEqualTo(FleetReport.Outcome.AT_HEAD);
        assertThat(report.tenant("tenant_b").outcome()).isEqualTo(FleetReport.Outcome.FAILED);
        assertThat(report.tenant("tenant_b").error().code()).isEqualTo(DiagnosticCode.UNTRUSTED_OBJECT);
        assertThat(report.tenant("tenant_b").error().getMessage()).contains("migrator_seed_journal");
    }

    @Test
    void aFleetSummaryTableAnotherRoleCreatedIsNeitherBelievedNorWrittenAndItsTriggerNeverRuns() throws Exception {
        db.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
        asAttacker("""
                CREATE TABLE public.migrator_fleet_summary (tenant TEXT NOT NULL, history_table TEXT NOT NULL,
                    generation BIGINT NOT NULL DEFAULT 0, changed_in BIGINT, summarized_generation BIGINT,
                    trigger_xmins TEXT, versioned_count BIGINT, versioned_digest TEXT, baselines TEXT,
                    repeatable_digest TEXT, failed BIGINT, unfinished BIGINT, seed_names TEXT[], seed_digest TEXT,
                    PRIMARY KEY (tenant, history_table));
                CREATE TRIGGER t AFTER INSERT OR UPDATE ON public.migrator_fleet_summary FOR EACH STATEMENT
                    EXECUTE FUNCTION public.pwn_trigger();
                GRANT ALL ON public.migrator_fleet_summary TO PUBLIC;
                """);
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);");
        try (Migrator migrator = asSuperuser().tenantSchemas("tenant\\_%").load()) {
            assertThat(migrator.upgradeFleet().summary().upgraded()).isEqualTo(2);
        }
        dir.migration("V2__more.sql", "CREATE TABLE more_items (id int PRIMARY KEY);");

        FleetReport report;
        try (Migrator migrator = asSuperuser().tenantSchemas("tenant\\_%").load()) {
            report = migrator.upgradeFleet();
        }

        assertThat(report.summary().upgraded()).isEqualTo(2);
        assertThat(db.exists("tenant_b.more_items")).isTrue();
        assertThat(db.value("SELECT count(*) FROM public.migrator_fleet_summary"))
                .isEqualTo("0");
        assertThat(db.value("SELECT count(*) FROM pg_trigger WHERE tgname = 'migrator_fleet_summary'"))
                .as("no tenant is set up to write into a table another role owns")
                .isEqualTo("0");
    }

    @Test
    void theFleetTriggersNeverWriteIntoAFleetTableThatChangedHandsOrGotATrigger() throws Exception {
        db.execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);");
        try (Migrator migrator = asSuperuser().tenantSchemas("tenant\\_%").load()) {
            migrator.upgradeFleet();
        }
        assertThat(db.value(
                        "SELECT count(*) FROM public.migrator_fleet_summary WHERE summarized_generation = generation"))
                .isEqualTo("2");
        assertThat(db.value("SELECT has_function_privilege('public', 'tenant_a.migrator_fleet_changed()', 'EXECUTE')"))
                .isEqualTo("f");
        // The table as if another role had replaced it (a role owning the home schema may drop and re-create it), with
        // a trigger of that role's.
        db.execute("ALTER TABLE public.migrator_fleet_summary OWNER TO " + attacker);
        asAttacker("CREATE TRIGGER t AFTER UPDATE ON public.migrator_fleet_summary FOR EACH STATEMENT "
                + "EXECUTE FUNCTION public.pwn_trigger()");
        dir.migration("V2__more.sql", "CREATE TABLE more_items (id int PRIMARY KEY);");

        FleetReport report;
        try (Migrator migrator = asSuperuser().tenantSchemas("tenant\\_%").load()) {
            report = migrator.upgradeFleet();
        }

        assertThat(report.summary().upgraded()).as("the table is not believed").isEqualTo(2);
        assertThat(db.exists("tenant_a.more_items")).isTrue();
        // Writing the tenants' histories fired their fleet triggers, which left the table alone: the attacker's
        // trigger never ran (tearDown checks public.pwned) and no generation moved.
        assertThat(db.value("SELECT string_agg(generation::text, ',') FROM public.migrator_fleet_summary"))
                .isEqualTo("0,0");
        // Nor can any other role attach the function to a table of its own.
        SQLException denied = catchThrowableOfType(SQLException.class, () -> asAttacker("""
                CREATE TEMP TABLE mine (id int);
                CREATE TRIGGER steal AFTER INSERT ON pg_temp.mine FOR EACH STATEMENT
                  EXECUTE FUNCTION tenant_a.migrator_fleet_changed('flyway_schema_history');
                INSERT INTO pg_temp.mine VALUES (1);
                """));
        assertThat((Object) denied).isNotNull();
        assertThat(denied.getSQLState()).isEqualTo("42501");
    }

    @Test
    void theApplicationsSearchPathIsPutBackWhenMigratorReturnsItsConnection() throws Exception {
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);");
        com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
        pool.setJdbcUrl(db.url());
        pool.setUsername(TestServer.shared().user());
        pool.setPassword(TestServer.shared().password());
        pool.setMaximumPoolSize(1);
        pool.setConnectionInitSql("SET search_path TO shop, public");
        try (com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource(pool)) {
            try (Migrator migrator = Migrator.configure()
                    .dataSource(ds)
                    .locations(dir.locations())
                    .seedLocations(dir.seeds())
                    .schema("shop")
                    .extensions("none")
                    .load()) {
                migrator.upgradeToHead();
                migrator.upgradeToHead();
                migrator.status();
            }
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SHOW search_path")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("shop, public");
            }
        }
        assertThat(db.exists("shop.items")).isTrue();
    }

    // 4. User scripts outside the configured schema

    @Test
    void undoScriptsSqlSeedsAndThePlanUseTheConfiguredSchemaFirst() throws Exception {
        // Another component's table of the same name, with its data, in public.
        db.execute("CREATE TABLE public.items (id int PRIMARY KEY); INSERT INTO public.items VALUES (42)");
        dir.migration("V1__items.sql", "CREATE TABLE items (id int PRIMARY KEY);")
                .migration("U1__items.sql", "DROP TABLE items;")
                .seed("01_items.sql", "INSERT INTO items VALUES (1) ON CONFLICT DO NOTHING;");
        try (Migrator migrator = asSuperuser().schema("shop").load()) {
            MigrationPlan plan = migrator.plan();
            assertThat(plan.toSql()).contains("SET search_path TO \"shop\"");
            assertThat(plan.toSql().indexOf("SET search_path"))
                    .isLessThan(plan.toSql().indexOf("CREATE TABLE items"));
            migrator.upgradeToHead();
            assertThat(db.column("SELECT id FROM shop.items")).containsExactly("1");
            migrator.downgradeTo("base");
        }
        assertThat(db.exists("shop.items")).isFalse();
        assertThat(db.column("SELECT id FROM public.items")).containsExactly("42");
    }

    // 5. Transaction control inside a transactional migration

    @ParameterizedTest
    @ValueSource(
            strings = {
                "COMMIT;",
                "ROLLBACK;",
                "END;",
                "BEGIN;",
                "START TRANSACTION;",
                "ABORT;",
                "commit work;",
                "/* done */ COMMIT;",
                "PREPARE TRANSACTION 'x';"
            })
    void aTransactionalMigrationThatControlsTheTransactionIsRefusedBeforeAnythingRuns(String control) throws Exception {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);")
                .migration("V2__b.sql", "CREATE TABLE b (id int);\n\n" + control + "\nCREATE TABLE c (id int);");
        try (Migrator migrator = asSuperuser().load()) {
            MigratorException refused = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            assertThat(refused).as(control).isNotNull();
            assertThat(refused.code()).isEqualTo(DiagnosticCode.TRANSACTION_CONTROL);
            assertThat(refused.facts()).containsEntry("line", "3").containsKey("migration");
            assertThat(refused.getMessage()).contains("V2__b.sql").contains("Nothing ran");
        }
        assertThat(db.exists("public.a")).isFalse();
        assertThat(db.exists("public.b")).isFalse();
        assertThat(db.exists("public.c")).isFalse();
        assertThat(db.value("SELECT count(*) FROM public.flyway_schema_history"))
                .isEqualTo("0");
    }

    @Test
    void aSavepointInsideAMigrationIsAllowed() throws Exception {
        dir.migration(
                "V1__a.sql",
                "CREATE TABLE a (id int);\nSAVEPOINT s;\nCREATE TABLE b (id int);\n"
                        + "ROLLBACK TO SAVEPOINT s;\nRELEASE SAVEPOINT s;");
        try (Migrator migrator = asSuperuser().load()) {
            migrator.upgradeToHead();
        }
        assertThat(db.exists("public.a")).isTrue();
        assertThat(db.exists("public.b")).isFalse();
    }

    @Test
    void aSqlSeedOrAnUndoScriptThatCommitsIsRefusedBeforeAnythingRuns() throws Exception {
        dir.migration("V1__a.sql", "CREATE TABLE a (id int);").seed("01_a.sql", "INSERT INTO a VALUES (1);\nCOMMIT;");
        try (Migrator migrator = asSuperuser().load()) {
            MigratorException refused = catchThrowableOfType(MigratorException.class, migrator::upgradeToHead);
            assertThat(refused.code()).isEqualTo(DiagnosticCode.TRANSACTION_CONTROL);
            assertThat(refused.facts()).containsEntry("line", "2").containsKey("seed");
        }
        assertThat(db.exists("public.a")).as("the migration did not run either").isFalse();
        try (MigrationFiles undo = new MigrationFiles()) {
            undo.migration("V1__a.sql", "CREATE TABLE a (id int);").migration("U1__a.sql", "DROP TABLE a;\nCOMMIT;");
            try (Migrator migrator = asSuperuser()
                    .locations(undo.locations())
                    .seedLocations(undo.seeds())
                    .load()) {
                migrator.upgradeToHead();
                MigratorException refused =
                        catchThrowableOfType(MigratorException.class, () -> migrator.downgradeTo("base"));
                assertThat(refused.code()).isEqualTo(DiagnosticCode.TRANSACTION_CONTROL);
                assertThat(refused.facts()).containsKey("undo script");
            }
        }
        assertThat(db.exists("public.a")).isTrue();
    }

    @Test
    void aStatementThatEndsTheTransactionUnseenIsCaughtRightAfterIt() throws Exception {
        // The second guard, on its own: a transaction ended by a statement whose text the first guard let pass.
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE TABLE a (id int)");
            s.execute("COMMIT");
            io.lucidity.migrator.internal.resolve.ScriptStatement statement =
                    new io.lucidity.migrator.internal.resolve.ScriptStatement(7, "COMMIT", true, null);
            MigratorException caught = catchThrowableOfType(
                    MigratorException.class,
                    () -> io.lucidity.migrator.internal.migrate.TransactionControl.verifyOpen(
                            c, "migration", "V9__x.sql", statement, Integration.spring()));
            assertThat(caught.code()).isEqualTo(DiagnosticCode.TRANSACTION_CONTROL);
            assertThat(caught.getMessage()).contains("V9__x.sql").contains("line 7");
            assertThat(caught.remedy())
                    .as("in a Spring application's words: the operator's CLI")
                    .contains("`java -jar migrator.jar status`");
        }
    }

    private MigratorConfig.Builder asSuperuser() {
        return db.configure(dir).extensions("none");
    }

    private MigratorConfig.Builder asOwner() {
        return db.configure(dir).user(owner).password(PASSWORD).schema("shop").extensions("none");
    }

    private void asAttacker(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), attacker, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
