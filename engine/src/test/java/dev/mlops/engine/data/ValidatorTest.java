package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.InputException;
import dev.mlops.engine.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private ValidationReport validate(String csv, String schemaYaml) throws IOException {
        return validate(csv, schemaYaml, null);
    }

    private ValidationReport validate(String csv, String schemaYaml, DatasetProfile reference) throws IOException {
        return Validator.validate(write("data.csv", csv), ReadOptions.DEFAULTS,
                SchemaParser.parse(write("schema.yaml", schemaYaml)), reference, LogSink.NONE);
    }

    private static Violation only(ValidationReport report, String rule, String column) {
        List<Violation> matching = report.violations().stream()
                .filter(v -> v.rule().equals(rule) && java.util.Objects.equals(v.column(), column)).toList();
        assertThat(matching).as("violations of %s on %s in %s", rule, column, report.violations()).hasSize(1);
        return matching.get(0);
    }

    @Test
    void cleanDataHasNoViolations() throws IOException {
        ValidationReport report = validate("id,age\nC1,30\nC2,40\n",
                "columns:\n  id: {type: string, unique: true, regex: 'C[0-9]+'}\n  age: {type: integer, min: 0}\n");
        assertThat(report.violations()).isEmpty();
        assertThat(FailOn.ERROR.fails(report)).isFalse();
        assertThat(report.dataset().rows()).isEqualTo(2);
    }

    @Test
    void rulesTheProfileAnswersCountLikeTheRows() throws IOException {
        // Bounds met exactly, just missed, NaN and infinity beside a bound, integers beyond 2^53, missing values and
        // categories: the rules the profile can decide must count what a scan of the rows counts.
        String csv = """
                x,y,big,cat,n
                0,1,9007199254740993,a,1
                10,NaN,9007199254740992,b,
                5,inf,1,a,2
                """;
        String schema = """
                columns:
                  x: {type: double, min: 0, max: 10, nullable: false}
                  y: {type: double, max: 100}
                  big: {type: integer, max: 9007199254740992}
                  cat: {type: string, allowedValues: [a, b]}
                  n: {type: integer, min: 1, nullable: false}
                """;
        ValidationReport met = validate(csv, schema);
        assertThat(met.violations()).extracting(Violation::rule, Violation::column, Violation::count)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("finite", "y", 2L),
                        org.assertj.core.groups.Tuple.tuple("max", "y", 2L),
                        org.assertj.core.groups.Tuple.tuple("nullable", "n", 1L));
        ValidationReport missed = validate(csv, schema.replace("min: 0,", "min: 0.0000001,")
                .replace("max: 10,", "max: 9.999999,").replace("[a, b]", "[a]")
                .replace("max: 9007199254740992", "max: 9007199254740991"));
        assertThat(only(missed, "min", "x").examples()).containsExactly(new Violation.Example(1, "0.0"));
        assertThat(only(missed, "max", "x").examples()).containsExactly(new Violation.Example(2, "10.0"));
        assertThat(only(missed, "allowedValues", "cat").count()).isEqualTo(1);
        // 9007199254740993 and ...92 are one double: both compare above ...91 (a double too), as DuckDB compares them.
        assertThat(only(missed, "max", "big").count()).isEqualTo(2);
    }

    @Test
    void textInANumericColumnIsATypeViolationWithRowsAndValues() throws IOException {
        ValidationReport report = validate("age\n30\nthirty\n41\n4O\n1.5\n",
                "columns:\n  age: {type: integer}\n");
        Violation v = only(report, "type", "age");
        assertThat(v.severity()).isEqualTo(Severity.ERROR);
        assertThat(v.count()).isEqualTo(3);
        assertThat(v.fraction()).isEqualTo(0.6);
        assertThat(v.examples()).containsExactly(new Violation.Example(2, "thirty"), new Violation.Example(4, "4O"),
                new Violation.Example(5, "1.5"));
        assertThat(FailOn.ERROR.fails(report)).isTrue();
    }

    @Test
    void nanAndInfinityAreViolationsUnlessAllowed() throws IOException {
        String csv = "x\n1.5\nNaN\n2\n-inf\n";
        Violation v = only(validate(csv, "columns:\n  x: {type: double}\n"), "finite", "x");
        assertThat(v.count()).isEqualTo(2);
        assertThat(v.examples()).extracting(Violation.Example::row).containsExactly(2L, 4L);
        assertThat(validate(csv, "columns:\n  x: {type: double, allowNonFinite: true}\n").violations()).isEmpty();
    }

    @Test
    void boundsAllowedValuesRegexAndNulls() throws IOException {
        ValidationReport report = validate("""
                age,plan,code,note
                10,a,X1,
                -1,b,X2,n
                200,zz,Y3,
                30,a,,n
                """, """
                columns:
                  age: {type: integer, min: 0, max: {value: 150, severity: warning}}
                  plan: {allowedValues: [a, b]}
                  code: {regex: "X[0-9]", nullable: false}
                  note: {maxNullFraction: 0.25}
                """);
        Violation min = only(report, "min", "age");
        assertThat(min.count()).isEqualTo(1);
        assertThat(min.examples()).containsExactly(new Violation.Example(2, "-1"));
        Violation max = only(report, "max", "age");
        assertThat(max.severity()).isEqualTo(Severity.WARNING);
        assertThat(max.examples()).containsExactly(new Violation.Example(3, "200"));
        assertThat(only(report, "allowedValues", "plan").examples()).containsExactly(new Violation.Example(3, "zz"));
        assertThat(only(report, "regex", "code").examples()).containsExactly(new Violation.Example(3, "Y3"));
        Violation nullable = only(report, "nullable", "code");
        assertThat(nullable.examples()).containsExactly(new Violation.Example(4, null));
        Violation nulls = only(report, "maxNullFraction", "note");
        assertThat(nulls.observed()).isEqualTo(0.5);
        assertThat(nulls.limit()).isEqualTo(0.25);
        assertThat(nulls.examples()).extracting(Violation.Example::row).containsExactly(1L, 3L);
        assertThat(report.errors()).isEqualTo(5);
        assertThat(report.warnings()).isEqualTo(1);
    }

    @Test
    void uniqueReportsRepeatedValues() throws IOException {
        Violation v = only(validate("id\na\nb\na\nc\nb\na\n", "columns:\n  id: {unique: true}\n"), "unique", "id");
        assertThat(v.count()).isEqualTo(3);
        assertThat(v.examples()).extracting(Violation.Example::row).containsExactly(1L, 2L, 3L, 5L, 6L);
    }

    @Test
    void integerUniqueCountsRepeatsLikeDuckDbsGrouping() throws IOException {
        // Negative values, nulls, a value seen three times and the range's two ends: the bitmap must count what the
        // grouped query counts.
        Path file = write("ids.csv", "id\n-5\n7\n\n-5\n1000\n7\n-5\n0\n1000\n\n3\n");
        Profiler.withProfile(file, ReadOptions.DEFAULTS, LogSink.NONE, (data, profile) -> {
            ColumnProfile id = profile.column("id").orElseThrow();
            assertThat(id.type()).isEqualTo(ColumnType.INTEGER);
            long grouped = data.count(Validator.repeatedValuesQuery(data.typed("id")));
            assertThat(grouped).isEqualTo(4);
            assertThat(Validator.repeatedIntegers(data, "id", id)).hasValue(grouped);
            // A profile whose range does not hold the values (a cache gone wrong) is not trusted with the bitmap.
            ColumnProfile narrower = new ColumnProfile(id.name(), id.type(), id.count(), id.nulls(), id.nullFraction(),
                    id.invalid(), id.nonFinite(), id.distinct(), 0.0, 10.0, id.mean(), id.std(), id.quantiles(),
                    id.earliest(), id.latest(), id.topK(), id.otherCount(), id.topKComplete(), id.histogram());
            assertThat(Validator.repeatedIntegers(data, "id", narrower)).isEmpty();
            return null;
        });
        Violation v = only(validate("id\n-5\n7\n\n-5\n1000\n7\n-5\n0\n1000\n\n3\n",
                "columns:\n  id: {type: integer, unique: true}\n"), "unique", "id");
        assertThat(v.count()).isEqualTo(4);
        assertThat(v.examples()).extracting(Violation.Example::row).containsExactly(1L, 2L, 4L, 5L, 6L);
    }

    @Test
    void integerUniqueBeyondTheBitmapIsGrouped() throws IOException {
        // A range wider than the bitmap, and integers beyond 2^53 that are one apart (the same double): DuckDB groups.
        String csv = "wide,big\n0,9007199254740993\n" + Validator.MAX_BITMAP_RANGE + ",9007199254740992\n0,5\n";
        Path file = write("wide.csv", csv);
        Profiler.withProfile(file, ReadOptions.DEFAULTS, LogSink.NONE, (data, profile) -> {
            assertThat(Validator.repeatedIntegers(data, "wide", profile.column("wide").orElseThrow())).isEmpty();
            assertThat(Validator.repeatedIntegers(data, "big", profile.column("big").orElseThrow())).isEmpty();
            return null;
        });
        ValidationReport report = validate(csv, "columns:\n  wide: {type: integer, unique: true}\n"
                + "  big: {type: integer, unique: true}\n");
        assertThat(only(report, "unique", "wide").count()).isEqualTo(1);
        assertThat(report.violations()).noneMatch(v -> "big".equals(v.column()));
    }

    @Test
    void datasetRulesMissingAndUnknownColumns() throws IOException {
        ValidationReport report = validate("a,extra\n1,2\n2,3\n", """
                dataset: {minRows: 3, maxRows: 1}
                columns:
                  a: {type: integer}
                  b: {type: string}
                  c: {type: string, required: false}
                """);
        assertThat(only(report, "minRows", null).observed()).isEqualTo(2.0);
        assertThat(only(report, "maxRows", null).limit()).isEqualTo(1.0);
        assertThat(only(report, "required", "b").message()).isEqualTo("required column is missing from the data");
        assertThat(only(report, "unknownColumns", "extra").severity()).isEqualTo(Severity.ERROR);
        assertThat(report.violations()).noneMatch(v -> "c".equals(v.column()));
    }

    @Test
    void dateBoundsCompareAsDates() throws IOException {
        Violation v = only(validate("d\n2021-05-01\n2014-12-31\n", "columns:\n  d: {type: date, min: '2015-01-01'}\n"),
                "min", "d");
        assertThat(v.examples()).containsExactly(new Violation.Example(2, "2014-12-31"));
    }

    @Test
    void invalidRegexOrBoundInTheSchemaIsAnInputErrorNamingTheField() throws IOException {
        Path data = write("data.csv", "d,s\n2021-05-01,x\n");
        Path badRegex = write("r.yaml", "columns:\n  s: {regex: '(unclosed'}\n");
        assertThatThrownBy(() -> Validator.validate(data, ReadOptions.DEFAULTS, SchemaParser.parse(badRegex), null,
                LogSink.NONE)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(badRegex + ": columns.s.regex: invalid regular expression");
        Path badDate = write("d.yaml", "columns:\n  d: {type: date, min: 'last tuesday'}\n");
        assertThatThrownBy(() -> Validator.validate(data, ReadOptions.DEFAULTS, SchemaParser.parse(badDate), null,
                LogSink.NONE)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(badDate + ": columns.d: 'last tuesday' is not a valid date");
    }

    @Test
    void failOnDecidesWhichSeveritiesFail() throws IOException {
        ValidationReport report = validate("x\n5\n", "columns:\n  x: {type: integer, max: {value: 1, severity: warning}}\n");
        assertThat(FailOn.ERROR.fails(report)).isFalse();
        assertThat(FailOn.WARNING.fails(report)).isTrue();
        assertThat(FailOn.NEVER.fails(report)).isFalse();
    }

    @Test
    void distributionChecksAgainstAReferenceProfile() throws IOException {
        StringBuilder ref = new StringBuilder("x,c\n");
        StringBuilder cur = new StringBuilder("x,c\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            ref.append(random.nextGaussian()).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
            cur.append(random.nextGaussian() * 3 + 2).append(',').append(i % 10 == 0 ? "new" : "a").append('\n');
        }
        DatasetProfile reference = Profiler.profile(write("ref.csv", ref.toString()), ReadOptions.DEFAULTS,
                LogSink.NONE);
        ValidationReport same = validate(ref.toString(), "columns:\n  x: {type: double}\n  c: {}\n", reference);
        assertThat(same.violations()).isEmpty();

        ValidationReport shifted = validate(cur.toString(), "columns:\n  x: {type: double}\n  c: {}\n", reference);
        Violation mean = only(shifted, "distribution.mean", "x");
        assertThat(mean.severity()).isEqualTo(Severity.WARNING);
        assertThat(mean.observed()).isBetween(1.7, 2.3);
        assertThat(only(shifted, "distribution.std", "x").observed()).isBetween(2.7, 3.3);
        assertThat(only(shifted, "distribution.quantile", "x").limit()).isEqualTo(0.5);
        Violation newCategories = only(shifted, "distribution.newCategories", "c");
        assertThat(newCategories.count()).isEqualTo(200);
        assertThat(newCategories.examples().get(0)).isEqualTo(new Violation.Example(1, "new"));
        assertThat(FailOn.ERROR.fails(shifted)).isFalse();
    }
}
