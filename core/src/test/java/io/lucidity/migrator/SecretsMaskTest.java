package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.internal.Redactor;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a front end prints through {@link Secrets#mask}: the secrets Migrator knows of and URL passwords are masked. */
class SecretsMaskTest {

    @Test
    void aUrlPasswordAndARegisteredSecretAreMasked() {
        String secret = "seed-token-" + UUID.randomUUID();
        Redactor.register(secret);
        assertThat(Secrets.mask("connecting to jdbc:postgresql://db/app?user=app&password=hunter22 with " + secret))
                .isEqualTo("connecting to jdbc:postgresql://db/app?user=app&password=<masked> with <masked>");
    }

    @Test
    void textWithoutASecretIsLeftAsItIs() {
        assertThat(Secrets.mask("upgraded to 3 (2 migrations)")).isEqualTo("upgraded to 3 (2 migrations)");
        assertThat(Secrets.mask(null)).isNull();
    }
}
