package io.lucidity.migrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NameListTest {
    @Test
    void aShortListIsShownWhole() {
        List<String> ten = IntStream.rangeClosed(1, 10).mapToObj(n -> "V" + n).toList();
        assertThat(NameList.of(ten)).isEqualTo(String.join(", ", ten));
    }

    @Test
    void aLongListShowsTheFirstThreeTheLastAndTheCount() {
        List<String> names =
                IntStream.rangeClosed(1, 3481).mapToObj(n -> "V" + n).toList();
        assertThat(NameList.of(names)).isEqualTo("V1, V2, V3 … V3481 (3,481 migrations)");
    }

    @Test
    void aListOfLinesStaysOneNamePerLine() {
        List<String> lines =
                IntStream.rangeClosed(1, 12).mapToObj(n -> "V" + n + " changed").toList();
        assertThat(NameList.of(lines, "\n", "migrations"))
                .isEqualTo("V1 changed\nV2 changed\nV3 changed\n… V12 changed (12 migrations)");
    }
}
