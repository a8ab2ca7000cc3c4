package dev.mlops.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic CSV of mixed columns (4 integer, 4 double, 3 categorical, 1 date): about 100 bytes a row.
 * Usage: {@code GenerateCsv OUT ROWS [SEED]}.
 */
public final class GenerateCsv {

    static final String HEADER = "id,age,tenure,calls,income,score,ratio,charges,plan,region,channel,signup";
    private static final String[] PLANS = {"basic", "plus", "pro", "enterprise"};
    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
    private static final String[] CHANNELS = {"web", "store", "phone", "partner", "app", "email"};

    private GenerateCsv() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        SplittableRandom random = new SplittableRandom(args.length > 2 ? Long.parseLong(args[2]) : 42);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder line = new StringBuilder(128);
            for (long i = 0; i < rows; i++) {
                line.setLength(0);
                line.append(i).append(',')
                        .append(18 + random.nextInt(63)).append(',')
                        .append(random.nextInt(73)).append(',')
                        .append(random.nextInt(11)).append(',')
                        .append(Math.round(random.nextDouble() * 15_000_000) / 100.0).append(',')
                        .append(Math.round(random.nextDouble() * 1_000_000) / 1_000_000.0).append(',')
                        .append(random.nextDouble()).append(',')
                        .append(Math.round((20 + random.nextDouble() * 100) * 100) / 100.0).append(',')
                        .append(PLANS[random.nextInt(PLANS.length)]).append(',')
                        .append(REGIONS[random.nextInt(REGIONS.length)]).append(',')
                        .append(CHANNELS[random.nextInt(CHANNELS.length)]).append(',')
                        .append(2015 + random.nextInt(10)).append('-')
                        .append(String.format("%02d", 1 + random.nextInt(12))).append('-')
                        .append(String.format("%02d", 1 + random.nextInt(28))).append('\n');
                w.append(line);
            }
        }
    }
}
