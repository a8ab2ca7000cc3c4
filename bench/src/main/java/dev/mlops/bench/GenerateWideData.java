package dev.mlops.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the data-core benchmark's file: 20 columns as in a typical tabular training set: an id, an integer (age,
 * never negative), 16 doubles (normal; the first four shifted by SHIFT standard deviations) and 2 categoricals (12
 * values; the first reweighted when SHIFT is not 0). CSV or Parquet by the file's extension; DuckDB generates it,
 * seeded. Usage: {@code GenerateWideData OUT.csv|OUT.parquet ROWS SHIFT SEED}.
 */
public final class GenerateWideData {

    private GenerateWideData() {
    }

    public static void main(String[] args) throws Exception {
        double shift = Double.parseDouble(args[2]);
        StringBuilder select = new StringBuilder("range AS id, 18 + CAST(floor(random() * 63) AS INTEGER) AS age");
        for (int i = 0; i < 16; i++) {
            double s = i < 4 ? shift : 0;
            // Box-Muller from DuckDB's seeded random(), rounded to 6 decimals as exported data usually is.
            select.append(String.format(Locale.ROOT, ", round(%.3f + %d * sqrt(-2 * ln(1 - random())) * "
                    + "cos(2 * pi() * random()), 6) AS x%02d", s, 1 + i, i));
        }
        for (int i = 0; i < 2; i++) {
            String skew = i == 0 && shift != 0 ? "pow(random(), 1.5)" : "random()";
            select.append(String.format(Locale.ROOT, ", 'c' || CAST(floor(%s * 12) AS INTEGER) AS cat%d", skew, i));
        }
        GeneratedFile.write(Path.of(args[0]), Long.parseLong(args[1]), Double.parseDouble(args[3]),
                select.toString());
    }
}
