package io.lucidity.migrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The fleet benchmark's schema: 20 migrations of an ordinary SaaS application (tables with foreign keys, indexes, a
 * column added, a view) and one seed of reference rows, written once and read by Migrator and the Flyway loop. No
 * migration names a schema or uses {@code ${tenant}}: both tools put the tenant's schema first on the search path.
 *
 * <ul>
 *   <li>{@code migrator/sql/V<n>__<name>.sql} and {@code migrator/seed/01_plans.json} (insert-missing on
 *       {@code code}) — Migrator's locations;</li>
 *   <li>{@code flyway/} — the same 20 files, plus {@code R__seed_plans.sql}: the seed's rows as a repeatable
 *       migration ({@code INSERT ... ON CONFLICT (code) DO NOTHING}), which is how a Flyway user seeds.</li>
 * </ul>
 *
 * @param root the directory holding both
 */
record FleetSet(Path root) {
    /** The plans every tenant is seeded with: code, name, price in cents. */
    static final List<String[]> PLANS =
            List.of(new String[] {"free", "Free", "0"}, new String[] {"team", "Team", "2900"}, new String[] {
                "business", "Business", "9900"
            });

    /** The 20 migrations, in order: file name suffix and SQL. */
    static final List<String[]> MIGRATIONS = List.of(
            m("accounts", """
                    CREATE TABLE accounts (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL,
                        created_at TIMESTAMPTZ NOT NULL DEFAULT now());
                    """),
            m("accounts_name_idx", "CREATE UNIQUE INDEX accounts_name_idx ON accounts (name);\n"),
            m("users", """
                    CREATE TABLE users (id BIGSERIAL PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts (id),
                        email TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
                    CREATE INDEX users_account_idx ON users (account_id);
                    """),
            m("users_last_login", """
                    ALTER TABLE users ADD COLUMN last_login TIMESTAMPTZ;
                    CREATE UNIQUE INDEX users_email_idx ON users (lower(email));
                    """),
            m("plans", """
                    CREATE TABLE plans (code TEXT PRIMARY KEY, name TEXT NOT NULL, price_cents INT NOT NULL
                        CHECK (price_cents >= 0));
                    """),
            m("subscriptions", """
                    CREATE TABLE subscriptions (id BIGSERIAL PRIMARY KEY,
                        account_id BIGINT NOT NULL REFERENCES accounts (id), plan_code TEXT NOT NULL REFERENCES plans (code),
                        started_at TIMESTAMPTZ NOT NULL DEFAULT now(), ended_at TIMESTAMPTZ);
                    CREATE INDEX subscriptions_account_idx ON subscriptions (account_id);
                    """),
            m("projects", """
                    CREATE TABLE projects (id BIGSERIAL PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts (id),
                        name TEXT NOT NULL, archived BOOLEAN NOT NULL DEFAULT false);
                    CREATE INDEX projects_account_idx ON projects (account_id) WHERE NOT archived;
                    """),
            m("projects_description", "ALTER TABLE projects ADD COLUMN description TEXT;\n"),
            m("tasks", """
                    CREATE TABLE tasks (id BIGSERIAL PRIMARY KEY, project_id BIGINT NOT NULL REFERENCES projects (id),
                        title TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open'
                            CHECK (status IN ('open', 'doing', 'done')), due DATE);
                    CREATE INDEX tasks_project_status_idx ON tasks (project_id, status);
                    """),
            m("tasks_assignee", """
                    ALTER TABLE tasks ADD COLUMN assignee_id BIGINT REFERENCES users (id);
                    CREATE INDEX tasks_assignee_idx ON tasks (assignee_id);
                    """),
            m("comments", """
                    CREATE TABLE comments (id BIGSERIAL PRIMARY KEY, task_id BIGINT NOT NULL REFERENCES tasks (id),
                        author_id BIGINT NOT NULL REFERENCES users (id), body TEXT NOT NULL,
                        created_at TIMESTAMPTZ NOT NULL DEFAULT now());
                    CREATE INDEX comments_task_idx ON comments (task_id, created_at);
                    """),
            m("invoices", """
                    CREATE TABLE invoices (id BIGSERIAL PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts (id),
                        amount_cents BIGINT NOT NULL, issued_at TIMESTAMPTZ NOT NULL DEFAULT now(), paid_at TIMESTAMPTZ);
                    CREATE INDEX invoices_unpaid_idx ON invoices (account_id) WHERE paid_at IS NULL;
                    """),
            m("invoices_currency", "ALTER TABLE invoices ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'EUR';\n"),
            m("payments", """
                    CREATE TABLE payments (id BIGSERIAL PRIMARY KEY, invoice_id BIGINT NOT NULL REFERENCES invoices (id),
                        amount_cents BIGINT NOT NULL, received_at TIMESTAMPTZ NOT NULL DEFAULT now());
                    CREATE INDEX payments_invoice_idx ON payments (invoice_id);
                    """),
            m("audit_log", """
                    CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, account_id BIGINT, action TEXT NOT NULL,
                        payload JSONB NOT NULL DEFAULT '{}', at TIMESTAMPTZ NOT NULL DEFAULT now());
                    CREATE INDEX audit_log_account_at_idx ON audit_log (account_id, at);
                    """),
            m("audit_log_payload_idx", "CREATE INDEX audit_log_payload_idx ON audit_log USING gin (payload);\n"),
            m("settings", "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);\n"),
            m("accounts_plan", """
                    ALTER TABLE accounts ADD COLUMN plan_code TEXT REFERENCES plans (code);
                    CREATE INDEX accounts_plan_idx ON accounts (plan_code);
                    """),
            m("tags", """
                    CREATE TABLE tags (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                    CREATE TABLE task_tags (task_id BIGINT NOT NULL REFERENCES tasks (id),
                        tag_id BIGINT NOT NULL REFERENCES tags (id), PRIMARY KEY (task_id, tag_id));
                    """),
            m("open_tasks_view", """
                    CREATE VIEW open_tasks AS
                        SELECT t.id, t.title, t.due, p.name AS project FROM tasks t JOIN projects p ON p.id = t.project_id
                        WHERE t.status <> 'done';
                    """));

    private static String[] m(String name, String sql) {
        return new String[] {name, sql};
    }

    /** Migrator's migrations. */
    Path migratorSql() {
        return root.resolve("migrator/sql");
    }

    /** Migrator's seeds. */
    Path migratorSeeds() {
        return root.resolve("migrator/seed");
    }

    /** Flyway's location: the migrations and the repeatable seed. */
    Path flyway() {
        return root.resolve("flyway");
    }

    /** How many versioned migrations every tenant's history holds at head. */
    static int count() {
        return MIGRATIONS.size();
    }

    /** {@code V<v>__<name>.sql}. */
    static String fileName(int v) {
        return String.format(Locale.ROOT, "V%d__%s.sql", v, MIGRATIONS.get(v - 1)[0]);
    }

    /** Writes both tools' files under {@code root} (created). */
    static FleetSet write(Path root) throws IOException {
        FleetSet set = new FleetSet(root);
        Files.createDirectories(set.migratorSql());
        Files.createDirectories(set.migratorSeeds());
        Files.createDirectories(set.flyway());
        for (int v = 1; v <= MIGRATIONS.size(); v++) {
            String sql = MIGRATIONS.get(v - 1)[1];
            Files.writeString(set.migratorSql().resolve(fileName(v)), sql);
            Files.writeString(set.flyway().resolve(fileName(v)), sql);
        }
        StringBuilder json = new StringBuilder(
                "{\"table\": \"plans\", \"key\": [\"code\"], \"mode\": \"insert-missing\", " + "\"rows\": [\n");
        StringBuilder sql = new StringBuilder("INSERT INTO plans (code, name, price_cents) VALUES\n");
        for (int i = 0; i < PLANS.size(); i++) {
            String[] p = PLANS.get(i);
            String sep = i + 1 < PLANS.size() ? ",\n" : "\n";
            json.append("  {\"code\": \"")
                    .append(p[0])
                    .append("\", \"name\": \"")
                    .append(p[1])
                    .append("\", \"price_cents\": ")
                    .append(p[2])
                    .append('}')
                    .append(sep);
            sql.append("  ('")
                    .append(p[0])
                    .append("', '")
                    .append(p[1])
                    .append("', ")
                    .append(p[2])
                    .append(')')
                    .append(sep);
        }
        json.append("]}\n");
        sql.append("ON CONFLICT (code) DO NOTHING;\n");
        Files.writeString(set.migratorSeeds().resolve("01_plans.json"), json);
        Files.writeString(set.flyway().resolve("R__seed_plans.sql"), sql);
        return set;
    }
}
