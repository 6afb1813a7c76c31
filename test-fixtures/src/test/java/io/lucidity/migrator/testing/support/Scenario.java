package io.lucidity.migrator.testing.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that only runs when another test launches it through {@link Launch} (it fails on purpose, or needs
 * a particular JUnit configuration); skipped anywhere else.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Scenario.OnlyWhenLaunched.class)
public @interface Scenario {

    /** Enables the class only under {@link Launch}. */
    class OnlyWhenLaunched implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(Launch.FLAG).isPresent()
                    ? ConditionEvaluationResult.enabled("launched by a test")
                    : ConditionEvaluationResult.disabled("a scenario, run by the test that encloses it");
        }
    }
}
