package dev.mlops.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The peer: DuckDB itself on the same file, with its own type detection. {@code DuckDbScanRun FILE} times
 * {@code SELECT count(*)}; {@code DuckDbScanRun FILE load} a typed load into an in-memory table
 * ({@code CREATE TABLE t AS SELECT * FROM 'FILE'}). Prints seconds.
 */
public final class DuckDbScanRun {

    private DuckDbScanRun() {
    }

    public static void main(String[] args) throws Exception {
        String file = "'" + args[0].replace("'", "''") + "'";
        boolean load = args.length > 1 && args[1].equals("load");
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            if (load) {
                st.execute("CREATE TABLE t AS SELECT * FROM " + file);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + (load ? "t" : file.endsWith(".csv'")
                    ? "read_csv(" + file + ")" : file))) {
                rs.next();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(java.util.Locale.ROOT, "duckdb-%s rows=%d seconds=%.3f%n", load ? "load" : "count",
                        rs.getLong(1), seconds);
            }
        }
    }
}
