package io.lucidity.migrator.quarkus.deployment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The example schema's {@code users} table, as an application maps it. */
@Entity
@Table(name = "users")
public class User {
    @Id
    public Long id;

    public String email;

    @Column(name = "display_name")
    public String displayName;

    public String role;
}
