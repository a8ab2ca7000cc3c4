package dev.mlops.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** The peer: DuckDB's own {@code SELECT count(*) FROM read_csv(...)} on the same file. Prints seconds. */
public final class DuckDbScanRun {

    private DuckDbScanRun() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM read_csv('" + args[0].replace("'", "''") + "')")) {
            rs.next();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "duckdb-count rows=%d seconds=%.3f%n", rs.getLong(1), seconds);
        }
    }
}
