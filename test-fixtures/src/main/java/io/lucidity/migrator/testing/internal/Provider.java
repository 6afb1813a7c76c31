package io.lucidity.migrator.testing.internal;

import io.lucidity.migrator.testing.FixtureException;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Where the fixtures' server comes from, in the order they are tried. */
public enum Provider {
    /** The running server of {@code MIGRATOR_TEST_JDBC_URL}. */
    EXTERNAL,
    /** A Testcontainers {@code pgvector/pgvector:pg16} container, when a Docker daemon answers. */
    DOCKER,
    /** A throwaway cluster from this machine's PostgreSQL binaries. */
    LOCAL;

    /**
     * The provider {@code MIGRATOR_TEST_PROVIDER} forces, else the first that is available: external when
     * {@code MIGRATOR_TEST_JDBC_URL} is set, docker when a daemon answers, local otherwise.
     *
     * @param dockerAnswers asked only when neither the variable nor the URL decides
     * @throws FixtureException for an unknown provider name
     */
    public static Provider choose(Env env, BooleanSupplier dockerAnswers) {
        String forced = env.get(Env.PROVIDER);
        if (forced != null && !forced.equalsIgnoreCase("auto")) {
            try {
                return valueOf(forced.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new FixtureException(Env.PROVIDER + " must be external, docker or local (or unset to detect "
                        + "them in that order), not '" + forced + "'.");
            }
        }
        if (env.get(Env.JDBC_URL) != null) {
            return EXTERNAL;
        }
        return dockerAnswers.getAsBoolean() ? DOCKER : LOCAL;
    }

    /** Whether the choice came from {@code MIGRATOR_TEST_PROVIDER} rather than detection. */
    public static boolean forced(Env env) {
        String forced = env.get(Env.PROVIDER);
        return forced != null && !forced.equalsIgnoreCase("auto");
    }
}
