package dev.mlops.engine.monitor;

/**
 * The few special functions the drift tests need: the log-gamma function, the regularized upper incomplete gamma
 * function, and from it the chi-square and normal tail probabilities. Accurate to about 1e-14 relative, which the
 * SciPy parity tests check.
 */
final class SpecialFunctions {

    /** Lanczos approximation, g = 7, nine coefficients. */
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double EPSILON = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 100_000;

    private SpecialFunctions() {
    }

    /** ln Γ(x) for x > 0. */
    static double lnGamma(double x) {
        if (x < 0.5) {
            // Reflection keeps the Lanczos sum in its accurate range.
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function, for a > 0 and x ≥ 0. */
    static double gammaQ(double a, double x) {
        if (x <= 0) {
            return 1.0;
        }
        if (x < a + 1) {
            return 1.0 - gammaPSeries(a, x);
        }
        return gammaQContinuedFraction(a, x);
    }

    private static double gammaPSeries(double a, double x) {
        double term = 1.0 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
    }

    /** Modified Lentz evaluation of the continued fraction for Γ(a, x). */
    private static double gammaQContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
    }

    /** P(X ≥ statistic) for a chi-square distribution with {@code df} degrees of freedom. */
    static double chiSquareSf(double statistic, double df) {
        return gammaQ(df / 2, statistic / 2);
    }

    /** P(Z ≥ z) for a standard normal Z; erfc(t) = Q(1/2, t²). */
    static double normalSf(double z) {
        double t = z / Math.sqrt(2);
        double erfcAbs = gammaQ(0.5, t * t);
        return t >= 0 ? erfcAbs / 2 : 1 - erfcAbs / 2;
    }
}
