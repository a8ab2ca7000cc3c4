package dev.mlops.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading JSON Lines files that a server may be appending to. */
class FeedbackAccuracyTest {

    @TempDir
    Path dir;

    @Test
    void aTornLastLineIsLeftOutAndACompleteOneWithoutNewlineIsRead() throws IOException {
        Path torn = Files.writeString(dir.resolve("torn.jsonl"), "{\"key\":\"a\",\"label\":1}\n{\"key\":\"b\",\"lab");
        assertThat(FeedbackAccuracy.readLabels(torn)).containsOnlyKeys("a");
        Path unterminated = Files.writeString(dir.resolve("whole.jsonl"),
                "{\"key\":\"a\",\"label\":1}\n{\"key\":\"b\",\"label\":0}");
        assertThat(FeedbackAccuracy.readLabels(unterminated)).containsOnlyKeys("a", "b");
    }

    @Test
    void aBrokenLineBeforeTheEndIsAnInputErrorNamingIt() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.jsonl"),
                "{\"key\":\"a\",\"label\":1}\n{\"key\":\"b\",\"lab\n{\"key\":\"c\",\"label\":0}\n");
        assertThatThrownBy(() -> FeedbackAccuracy.readLabels(broken)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(broken + ", row 2: not a JSON object");
    }
}
