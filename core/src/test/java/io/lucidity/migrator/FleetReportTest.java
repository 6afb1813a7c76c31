package io.lucidity.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.lucidity.migrator.FleetReport.Outcome;
import io.lucidity.migrator.FleetReport.TenantResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The refusal a front end raises for a fleet that did not reach head, in that front end's words. */
class FleetReportTest {

    private static TenantResult atHead(String tenant) {
        return new TenantResult(tenant, Outcome.AT_HEAD, "3", "3", 0, 0, Duration.ZERO, Duration.ofMillis(2), null);
    }

    private static TenantResult failed(String tenant, DiagnosticCode code, String remedy) {
        MigratorException e = MigratorException.of(code, "broken " + tenant, Map.of(), remedy, null);
        return new TenantResult(tenant, Outcome.FAILED, null, null, 0, 0, Duration.ZERO, Duration.ofMillis(2), e);
    }

    @Test
    void aFleetAtHeadIsNotRefused() {
        FleetReport report = new FleetReport(List.of(atHead("tenant_a")), Duration.ofMillis(5));

        assertThat(report.refusal(Integration.spring())).isNull();
    }

    @Test
    void theRefusalCarriesTheWorstTenantsCodeAndRemedyAndNamesTheFailedTenants() {
        List<TenantResult> tenants = new ArrayList<>(List.of(atHead("tenant_a")));
        tenants.add(failed("tenant_b", DiagnosticCode.LOCK_TIMEOUT, "Wait for the other instance."));
        tenants.add(failed("tenant_c", DiagnosticCode.CHECKSUM_MISMATCH, "Run migrator repair."));
        FleetReport report = new FleetReport(tenants, Duration.ofMillis(5));

        MigratorException spring = report.refusal(Integration.spring());

        assertThat(spring.code()).isEqualTo(DiagnosticCode.CHECKSUM_MISMATCH);
        assertThat(spring.code().exitCode()).isEqualTo(report.exitCode());
        assertThat(spring).isInstanceOf(ChecksumMismatchException.class);
        assertThat(spring.getMessage()).contains("2 of 3 tenant(s) refused the upgrade; the worst is tenant_c");
        assertThat(spring.facts()).containsKeys("tenant tenant_b", "tenant tenant_c");
        assertThat(spring.remedy())
                .startsWith("For tenant tenant_c: Run migrator repair.")
                .endsWith("Then start the application again: the upgrade continues with the tenants that are not"
                        + " at head.");
        assertThat(report.refusal(Integration.quarkus(null)).remedy()).contains("Then restart the application:");
        assertThat(report.refusal(Integration.code()).remedy()).contains("Then call upgradeFleet() again:");
        assertThat(report.refusal(Integration.cli()).remedy()).contains("Then run the same migrator upgrade again:");
    }

    @Test
    void moreThanFiveFailedTenantsAreCounted() {
        List<TenantResult> tenants = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tenants.add(failed("t" + i, DiagnosticCode.LOCK_TIMEOUT, "Wait."));
        }
        MigratorException e = new FleetReport(tenants, Duration.ofMillis(5)).refusal(Integration.code());

        assertThat(e.facts().keySet().stream().filter(k -> k.startsWith("tenant ")))
                .hasSize(5);
        assertThat(e.facts()).containsEntry("more", "… and 3 more failed tenant(s)");
    }

    @Test
    void aSkippedTenantWithoutFailuresIsAnInterruption() {
        TenantResult skipped =
                new TenantResult("t1", Outcome.SKIPPED, null, null, 0, 0, Duration.ZERO, Duration.ZERO, null);
        MigratorException e =
                new FleetReport(List.of(atHead("t0"), skipped), Duration.ofMillis(5)).refusal(Integration.spring());

        assertThat(e.code()).isEqualTo(DiagnosticCode.INTERRUPTED);
        assertThat(e.getMessage()).contains("1 of 2 tenant(s) were not attempted");
    }
}
