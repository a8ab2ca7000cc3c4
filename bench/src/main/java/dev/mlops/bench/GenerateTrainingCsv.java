package dev.mlops.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A deterministic binary classification CSV with 20 features (15 numeric, 5 categorical) whose label depends on
 * linear terms, an interaction and a threshold effect, so that trees and linear models both have something to learn.
 * Usage: {@code GenerateTrainingCsv OUT ROWS SEED}.
 */
public final class GenerateTrainingCsv {

    private static final String[][] CATEGORIES = {
            {"a", "b", "c"}, {"x", "y", "z", "w"}, {"red", "green", "blue", "gray", "black"}, {"p", "q"},
            {"s1", "s2", "s3", "s4", "s5", "s6"}};

    private GenerateTrainingCsv() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder();
            for (int i = 0; i < 15; i++) {
                header.append("n").append(i).append(',');
            }
            for (int i = 0; i < 5; i++) {
                header.append("c").append(i).append(',');
            }
            w.write(header.append("label\n").toString());
            StringBuilder line = new StringBuilder(256);
            double[] n = new double[15];
            int[] c = new int[5];
            for (long r = 0; r < rows; r++) {
                line.setLength(0);
                for (int i = 0; i < 15; i++) {
                    n[i] = gaussian(random) * (1 + i % 3);
                    line.append(Math.round(n[i] * 10000) / 10000.0).append(',');
                }
                for (int i = 0; i < 5; i++) {
                    c[i] = random.nextInt(CATEGORIES[i].length);
                    line.append(CATEGORIES[i][c[i]]).append(',');
                }
                double logit = 0.8 * n[0] - 0.5 * n[1] + 0.3 * n[2] + 0.6 * n[3] * n[4] / 2
                        + (n[5] > 1 ? 1.2 : -0.3) + 0.4 * c[0] - 0.5 * (c[2] == 4 ? 1 : 0) + 0.2 * n[6] - 0.2;
                line.append(random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0).append('\n');
                w.append(line);
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
