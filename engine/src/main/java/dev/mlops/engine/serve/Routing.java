package dev.mlops.engine.serve;

/**
 * The router's state, replaced as a whole on every change so that a request sees one consistent state from start to
 * finish (an in-flight request keeps the models it started with, which is what makes swaps hitless).
 *
 * @param candidate the canary or shadow version, or null
 * @param weight    percent of traffic the candidate answers (0–100); ignored in shadow mode
 * @param shadow    the candidate gets a mirrored copy of every request; its answer is compared, never returned
 */
public record Routing(DeployedModel stable, DeployedModel candidate, int weight, boolean shadow) {

    public Routing {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0..100, got " + weight);
        }
    }

    /** Whether a request with this bucket (0–99) goes to the candidate. */
    boolean toCandidate(int bucket) {
        return candidate != null && !shadow && bucket < weight;
    }
}
