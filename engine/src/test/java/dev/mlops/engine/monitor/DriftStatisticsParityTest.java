package dev.mlops.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every drift statistic against SciPy's own output (scipy_vectors.py generated the vectors). */
class DriftStatisticsParityTest {

    private static final double TOLERANCE = 1e-9;
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = DriftStatisticsParityTest.class.getResourceAsStream("/monitor/scipy_vectors.json")) {
            vectors = Json.mapper().readTree(in);
        }
    }

    private static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }

    @Test
    void kolmogorovSmirnovMatchesKs2sampExactAndAsymptotic() {
        assertThat(vectors.get("ks_2samp")).hasSizeGreaterThan(10);
        for (JsonNode c : vectors.get("ks_2samp")) {
            DriftStatistics.Value v = DriftStatistics.kolmogorovSmirnov(doubles(c.get("a")), doubles(c.get("b")));
            String name = c.get("name").asText();
            assertThat(v.method()).as(name).isEqualTo(name.startsWith("exact") ? "exact" : "asymp");
            assertThat(v.statistic()).as(name + " statistic").isCloseTo(c.get("statistic").asDouble(),
                    within(TOLERANCE));
            assertThat(v.pValue()).as(name + " p-value").isCloseTo(c.get("pValue").asDouble(), within(TOLERANCE));
        }
    }

    @Test
    void chiSquareMatchesScipy() {
        for (JsonNode c : vectors.get("chisquare")) {
            DriftStatistics.Value v = DriftStatistics.chiSquare(doubles(c.get("observed")), doubles(c.get("expected")));
            assertThat(v.statistic()).isCloseTo(c.get("statistic").asDouble(), within(TOLERANCE));
            assertThat(v.pValue()).isCloseTo(c.get("pValue").asDouble(), within(TOLERANCE));
        }
    }

    @Test
    void twoProportionZMatchesNormalTail() {
        for (JsonNode c : vectors.get("ztest")) {
            DriftStatistics.Value v = DriftStatistics.twoProportionZ(c.get("hits1").asLong(), c.get("n1").asLong(),
                    c.get("hits2").asLong(), c.get("n2").asLong());
            assertThat(v.statistic()).isCloseTo(c.get("statistic").asDouble(), within(TOLERANCE));
            assertThat(v.pValue()).isCloseTo(c.get("pValue").asDouble(), within(TOLERANCE));
        }
    }

    @Test
    void jensenShannonAndPsiMatch() {
        for (JsonNode c : vectors.get("jensenshannon")) {
            double[] p = doubles(c.get("p"));
            double[] q = doubles(c.get("q"));
            assertThat(DriftStatistics.jensenShannon(p, q)).isCloseTo(c.get("distance").asDouble(), within(TOLERANCE));
            assertThat(DriftStatistics.psi(p, q)).isCloseTo(c.get("psi").asDouble(), within(TOLERANCE));
        }
    }

    @Test
    void wassersteinMatchesScipy() {
        for (JsonNode c : vectors.get("wasserstein")) {
            double[] a = doubles(c.get("a"));
            double[] b = doubles(c.get("b"));
            assertThat(DriftStatistics.wasserstein(a, b)).isCloseTo(c.get("distance").asDouble(), within(TOLERANCE));
            assertThat(DriftStatistics.normalizedWasserstein(a, b)).isCloseTo(c.get("normalized").asDouble(),
                    within(TOLERANCE));
        }
    }

    @Test
    void identicalSamplesDoNotDrift() {
        double[] a = {1, 2, 3, 4, 5, 6, 7};
        assertThat(DriftStatistics.kolmogorovSmirnov(a, a).pValue()).isEqualTo(1.0);
        assertThat(DriftStatistics.wasserstein(a, a)).isZero();
        assertThat(DriftStatistics.jensenShannon(new double[] {3, 4}, new double[] {30, 40})).isCloseTo(0, within(1e-12));
    }
}
