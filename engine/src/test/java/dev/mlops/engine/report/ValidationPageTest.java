package dev.mlops.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.data.SchemaParser;
import dev.mlops.engine.data.ValidationReport;
import dev.mlops.engine.data.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationPageTest {

    @TempDir
    Path dir;

    @Test
    void pageIsSelfContainedEscapesValuesAndHighlightsViolations() throws IOException {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "name,score\n<script>alert(1)</script>,1\nok,2\nok,3\n");
        Path schema = dir.resolve("s.yaml");
        Files.writeString(schema, "columns:\n  name: {allowedValues: [ok]}\n  score: {type: integer}\n");
        ValidationReport report = Validator.validate(data, ReadOptions.DEFAULTS, SchemaParser.parse(schema), null,
                LogSink.NONE);
        String html = ValidationPage.render(report, "failed");
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("src=");
        assertThat(html).contains("class=\"status failed\"").contains("<tr class=\"sev-error\">");
        assertThat(html).contains("<svg").contains("<rect");
        assertThat(html).contains(report.dataset().sha256());
    }
}
