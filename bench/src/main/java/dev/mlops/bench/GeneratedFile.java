package dev.mlops.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Writes a generated table with DuckDB, seeded and single-threaded so the same arguments give the same file. */
final class GeneratedFile {

    private GeneratedFile() {
    }

    /**
     * Writes {@code SELECT select FROM range(rows)} to {@code out}, as Parquet for a {@code .parquet} name, else CSV;
     * {@code select} may use {@code range} (the row number) and {@code random()}.
     */
    static void write(Path out, long rows, double seed, String select) throws Exception {
        Files.deleteIfExists(out);
        String format = out.toString().endsWith(".parquet") ? "parquet" : "csv";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SELECT setseed(" + seed + ")");
            st.execute("SET threads TO 1");
            st.execute("COPY (SELECT " + select + " FROM range(" + rows + ")) TO '" + out.toString().replace("'", "''")
                    + "' (FORMAT " + format + ")");
        }
    }
}
