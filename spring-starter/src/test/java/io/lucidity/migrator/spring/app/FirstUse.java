package io.lucidity.migrator.spring.app;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the database in its constructor, the earliest an application bean can: what it sees shows whether the
 * migrations and seeds were in place before the first repository and JdbcTemplate call.
 */
@Component
public class FirstUse {
    private final Optional<UserAccount> admin;
    private final long configRows;

    public FirstUse(UserRepository users, JdbcTemplate jdbc) {
        this.admin = users.findByEmail("admin@example.com");
        this.configRows = jdbc.queryForObject("SELECT count(*) FROM system_config", Long.class);
    }

    public Optional<UserAccount> admin() {
        return admin;
    }

    public long configRows() {
        return configRows;
    }
}
