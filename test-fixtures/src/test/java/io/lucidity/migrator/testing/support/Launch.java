package io.lucidity.migrator.testing.support;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs a {@link Scenario} class on the JUnit Platform, as a build tool would, and returns the summary. */
public final class Launch {
    static final String FLAG = "migrator.fixtures.scenario";

    private Launch() {}

    public static TestExecutionSummary run(Class<?> scenario) {
        return run(scenario, Map.of());
    }

    public static TestExecutionSummary run(Class<?> scenario, Map<String, String> configuration) {
        return run(Map.copyOf(configuration), scenario);
    }

    public static TestExecutionSummary run(Map<String, String> configuration, Class<?>... scenarios) {
        return run(configuration, new TestExecutionListener() {}, scenarios);
    }

    public static TestExecutionSummary run(
            Map<String, String> configuration, TestExecutionListener also, Class<?>... scenarios) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(java.util.Arrays.stream(scenarios)
                        .map(c -> selectClass(c))
                        .toList())
                .configurationParameters(configuration)
                .configurationParameter(FLAG, "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener, also);
        return listener.getSummary();
    }
}
