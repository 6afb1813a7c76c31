package io.lucidity.migrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

/** Each database tenant's URL: the configured URL with the tenant as its database, the rest as the driver read it. */
class TenantUrlTest {

    @Test
    void theDatabaseOfAHostPortUrlIsReplacedAndItsParametersKept() {
        assertThat(TenantUrl.withDatabase("jdbc:postgresql://db:5432/app?sslmode=require&user=m", "tenant_a"))
                .isEqualTo("jdbc:postgresql://db:5432/tenant_a?sslmode=require&user=m");
        assertThat(TenantUrl.withDatabase("jdbc:postgresql://db/app", "tenant_a"))
                .isEqualTo("jdbc:postgresql://db/tenant_a");
        assertThat(TenantUrl.withDatabase("jdbc:postgresql://db:5432/", "tenant_a"))
                .isEqualTo("jdbc:postgresql://db:5432/tenant_a");
    }

    @Test
    void everyHostOfAMultiHostUrlIsKept() {
        String url = TenantUrl.withDatabase(
                "jdbc:postgresql://a:5432,b:5433,[::1]:5434/app?targetServerType=primary", "tenant_b");
        assertThat(url).isEqualTo("jdbc:postgresql://a:5432,b:5433,[::1]:5434/tenant_b?targetServerType=primary");
        Properties parsed = Driver.parseURL(url, null);
        assertThat(parsed.getProperty("PGHOST")).isEqualTo("a,b,[::1]");
        assertThat(parsed.getProperty("PGPORT")).isEqualTo("5432,5433,5434");
        assertThat(parsed.getProperty("PGDBNAME")).isEqualTo("tenant_b");
    }

    @Test
    void aUrlWithoutHostAndAPgdbnameParameterNameTheTenantToo() {
        assertThat(TenantUrl.withDatabase("jdbc:postgresql:app", "t1")).isEqualTo("jdbc:postgresql:t1");
        assertThat(TenantUrl.withDatabase("jdbc:postgresql:/?ssl=false", "t1"))
                .isEqualTo("jdbc:postgresql:t1?ssl=false");
        String url = TenantUrl.withDatabase("jdbc:postgresql://db/app?PGDBNAME=app&ssl=false", "t1");
        assertThat(url).isEqualTo("jdbc:postgresql://db/t1?ssl=false");
        assertThat(Driver.parseURL(url, null).getProperty("PGDBNAME")).isEqualTo("t1");
    }

    @Test
    void aNameTheUrlWouldReadOtherwiseIsPercentEncoded() {
        String url = TenantUrl.withDatabase("jdbc:postgresql://db/app?a=b", "t?x/y&z é");
        assertThat(Driver.parseURL(url, null).getProperty("PGDBNAME")).isEqualTo("t?x/y&z é");
        assertThat(Driver.parseURL(url, null).getProperty("a")).isEqualTo("b");
    }

    @Test
    void anotherKindOfUrlIsRefused() {
        assertThatThrownBy(() -> TenantUrl.withDatabase("jdbc:mysql://db/app", "t1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
