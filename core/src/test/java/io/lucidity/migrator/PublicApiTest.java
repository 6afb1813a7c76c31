package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API (the public types of {@code io.lucidity.migrator}) names no internal type: no public or protected
 * method, constructor or field takes, returns or is of a type from {@code io.lucidity.migrator.internal..}, so the
 * internals can change without breaking a caller.
 */
class PublicApiTest {
    @Test
    void noPublicSignatureNamesAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : publicTypes()) {
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic()) {
                    check(leaks, type, m.getName() + " returns", m.getGenericReturnType());
                    parameters(leaks, type, m);
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c.getModifiers())) {
                    parameters(leaks, type, c);
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(leaks, type, "field " + f.getName(), f.getGenericType());
                }
            }
        }
        assertThat(leaks).as("public signatures naming internal types").isEmpty();
    }

    @Test
    void theApiPackageHoldsTheTypesACallerUses() throws Exception {
        assertThat(publicTypes())
                .extracting(Class::getSimpleName)
                .contains(
                        "Migrator",
                        "MigratorConfig",
                        "MigratorException",
                        "DiagnosticCode",
                        "MigratorOption",
                        "Integration",
                        "UpgradeReport");
    }

    private static void parameters(List<String> leaks, Class<?> type, Executable e) {
        for (Type p : e.getGenericParameterTypes()) {
            check(leaks, type, e.getName() + " takes", p);
        }
    }

    private static void check(List<String> leaks, Class<?> owner, String what, Type type) {
        if (type.getTypeName().contains("io.lucidity.migrator.internal.")) {
            leaks.add(owner.getSimpleName() + "." + what + " " + type.getTypeName());
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** The public top-level and nested types of the API package, from the compiled classes. */
    private static List<Class<?>> publicTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Migrator.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("io/lucidity/migrator");
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("io.lucidity.migrator." + name);
                if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass() && !type.isSynthetic()) {
                    types.add(type);
                }
            }
        }
        return types;
    }
}
