package dev.mlops.bench;

import java.nio.file.Path;

/**
 * Writes a Parquet file of 20 columns for the drift benchmark: 15 numeric (normal, shifted by SHIFT standard
 * deviations in the first five) and 5 categorical (10 values each, the first two reweighted by SHIFT). DuckDB
 * generates it, seeded. Usage: {@code GenerateDriftData OUT.parquet ROWS SHIFT SEED}.
 */
public final class GenerateDriftData {

    private GenerateDriftData() {
    }

    public static void main(String[] args) throws Exception {
        double shift = Double.parseDouble(args[2]);
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            double s = i < 5 ? shift : 0;
            // Box-Muller from DuckDB's seeded random(): one normal value per column.
            select.append(String.format(java.util.Locale.ROOT, "%s%.3f + sqrt(-2 * ln(1 - random())) * "
                    + "cos(2 * pi() * random()) AS num%02d", i == 0 ? "" : ", ", s, i));
        }
        for (int i = 0; i < 5; i++) {
            String skew = i < 2 && shift != 0 ? "pow(random(), 1.5)" : "random()";
            select.append(String.format(java.util.Locale.ROOT, ", 'v' || CAST(floor(%s * 10) AS INTEGER) AS cat%d",
                    skew, i));
        }
        GeneratedFile.write(Path.of(args[0]), Long.parseLong(args[1]), Double.parseDouble(args[3]),
                select.toString());
    }
}
