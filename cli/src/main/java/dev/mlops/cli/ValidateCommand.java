package dev.mlops.cli;

import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.data.DatasetProfile;
import dev.mlops.engine.data.FailOn;
import dev.mlops.engine.data.Schema;
import dev.mlops.engine.data.SchemaParser;
import dev.mlops.engine.data.ValidationReport;
import dev.mlops.engine.data.Validator;
import dev.mlops.engine.data.Violation;
import dev.mlops.engine.report.Html;
import dev.mlops.engine.report.ValidationPage;
import dev.mlops.engine.lineage.Lineage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops validate}: checks a dataset against a schema, optionally against a reference profile. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate a dataset against a schema (docs/schema.md) and profile it.",
                "Exit 0 when it passes, 10 when violations at or above --fail-on are found, 3 on unusable input."})
final class ValidateCommand extends EngineCommand {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The dataset (CSV, Parquet, JSONL).")
    Path data;

    @Option(names = "--schema", required = true, paramLabel = "FILE", description = "The schema, YAML or JSON.")
    Path schema;

    @Option(names = "--reference", paramLabel = "FILE",
            description = "A reference profile (or a validate result) to check distribution shifts against.")
    Path reference;

    @Option(names = "--html", paramLabel = "FILE", description = "Write an HTML report to FILE.")
    Path html;

    @Option(names = "--profile-out", paramLabel = "FILE", description = "Also write the dataset's profile to FILE.")
    Path profileOut;

    @Option(names = "--fail-on", paramLabel = "error|warning|never", defaultValue = "error",
            converter = FailOnConverter.class,
            description = "Which violations fail validation (default: ${DEFAULT-VALUE}).")
    FailOn failOn;

    @Mixin
    ReadOptionsMixin read;

    @Override
    Outcome run() throws Exception {
        Schema parsedSchema = SchemaParser.parse(schema);
        DatasetProfile referenceProfile = reference == null ? null : DatasetProfile.read(reference);
        ValidationReport report = Validator.validate(data, read.toReadOptions(), parsedSchema, referenceProfile,
                log());
        boolean failed = failOn.fails(report);
        String status = failed ? "failed" : "passed";
        if (html != null) {
            Html.write(html, ValidationPage.render(report, status));
        }
        if (profileOut != null) {
            AtomicFiles.write(profileOut, dev.mlops.engine.Json.write(report.profile()) + "\n");
        }
        printSummary(report, status);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("failOn", failOn.name().toLowerCase(Locale.ROOT));
        fields.put("errors", report.errors());
        fields.put("warnings", report.warnings());
        fields.put("dataset", report.dataset());
        fields.put("violations", report.violations());
        fields.put("profile", report.profile());
        if (html != null) {
            fields.put("report", html.toString());
        }
        List<Map<String, Object>> inputs = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        report.profile().columns().forEach(c -> types.put(c.name(), c.type().id()));
        inputs.add(Lineage.dataset("data", data, report.dataset(), types));
        inputs.add(Lineage.file("schema", schema));
        if (reference != null) {
            inputs.add(Lineage.file("reference-profile", reference));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("failOn", failOn.name().toLowerCase(Locale.ROOT));
        params.put("read", read.toReadOptions());
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("errors", report.errors());
        outputs.put("warnings", report.warnings());
        outputs.put("rules", report.violations().stream().map(v -> v.rule() + (v.column() == null ? ""
                : "[" + v.column() + "]")).distinct().toList());
        return new Outcome(status, failed ? ExitCodes.DATA_INVALID : ExitCodes.OK, fields)
                .withLineage(inputs, params, outputs);
    }

    private void printSummary(ValidationReport report, String status) {
        out().printf(Locale.ROOT, "%s: %s (%d rows, %d columns): %d error(s), %d warning(s)%n",
                status.toUpperCase(Locale.ROOT), data, report.dataset().rows(), report.dataset().columns().size(),
                report.errors(), report.warnings());
        for (Violation v : report.violations()) {
            StringBuilder line = new StringBuilder("  ").append(v.severity().id()).append(' ').append(v.rule());
            if (v.column() != null) {
                line.append(" [").append(v.column()).append(']');
            }
            line.append(": ").append(v.message());
            if (!v.examples().isEmpty()) {
                line.append(" (e.g. row ").append(v.examples().get(0).row()).append(": ")
                        .append(v.examples().get(0).value()).append(')');
            }
            out().println(line);
        }
        out().flush();
    }

    static final class FailOnConverter implements picocli.CommandLine.ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            try {
                return FailOn.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected error, warning or never, got '" + value + "'");
            }
        }
    }
}
