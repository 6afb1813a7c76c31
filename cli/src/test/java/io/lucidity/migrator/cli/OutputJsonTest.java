package io.lucidity.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code --json} document as a script reads it: durations in milliseconds, times in ISO-8601, passwords masked. */
class OutputJsonTest {

    @Test
    void durationsAreMillisecondsTimesAreIsoAndUrlPasswordsAreMasked() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("took", Duration.ofMillis(1500));
        document.put("at", OffsetDateTime.of(2026, 12, 6, 23, 0, 0, 0, ZoneOffset.UTC));
        document.put("urls", List.of("jdbc:postgresql://db/app?password=hunter22"));
        StringWriter out = new StringWriter();
        new Output(new PrintWriter(out), new PrintWriter(new StringWriter()), true, false).json(document);
        assertThat(out.toString().strip())
                .isEqualTo(
                        "{\"took\":1500,\"at\":\"2026-12-06T23:00:00Z\",\"urls\":[\"jdbc:postgresql://db/app?password=<masked>\"]}");
    }
}
