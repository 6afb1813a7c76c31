package io.lucidity.migrator.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter or field that receives the JDBC URL of the test's database, e.g.
 * {@code void test(@JdbcUrl String url)}. The URL carries no credentials unless {@link #withCredentials()};
 * take them from {@link MigratedDb#user()} and {@link MigratedDb#password()}.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JdbcUrl {

    /** Append {@code user} and {@code password} parameters to the URL, for code configured by URL alone. Default: false. */
    boolean withCredentials() default false;
}
