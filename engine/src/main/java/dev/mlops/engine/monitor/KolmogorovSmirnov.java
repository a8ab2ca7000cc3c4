package dev.mlops.engine.monitor;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov–Smirnov test, two-sided, with the p-value SciPy's {@code ks_2samp(method='auto')}
 * gives: exact (Hodges' lattice-path count in Viehmann's 1 − p form) when both samples have at most 10 000 values,
 * otherwise the distribution of D_n at n = round(mn / (m + n)) (Simard and L'Ecuyer's choice of methods: Durbin's
 * matrix, Pelz–Good, Smirnov's one-sided formula). SciPy uses Pomeranz's recursion in one range where this uses
 * Durbin's matrix; both are exact.
 */
final class KolmogorovSmirnov {

    /** Largest sample for which the exact p-value is attempted, as in SciPy. */
    static final int MAX_EXACT_N = 10_000;

    private static final int E128 = 128;
    private static final double EP128 = Math.scalb(1.0, E128);
    private static final double EM128 = Math.scalb(1.0, -E128);
    private static final double[] STIRLING_COEFFS = {-2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
        -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovSmirnov() {
    }

    /** The statistic, its p-value and the method that computed the p-value ({@code exact} or {@code asymp}). */
    record Result(double statistic, double pValue, String method) {
    }

    /** Both arrays must be free of NaN; they are not modified. */
    static Result test(double[] first, double[] second) {
        double[] a = first.clone();
        double[] b = second.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return testSorted(a, b);
    }

    /** The same for arrays already sorted ascending. */
    static Result testSorted(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("the Kolmogorov-Smirnov test needs two non-empty samples");
        }
        double d = statistic(a, b);
        if (Math.max(n1, n2) <= MAX_EXACT_N) {
            long g = gcd(n1, n2);
            long lcm = (n1 / g) * n2;
            long h = Math.round(Math.rint(d * lcm));
            double exactD = (double) h / lcm;
            if (h == 0) {
                return new Result(exactD, 1.0, "exact");
            }
            double p = n1 == n2 ? probOutsideSquare(n1, (int) h) : outerProbInside(n1, n2, (int) g, (int) h);
            if (Double.isFinite(p) && p >= 0 && p <= 1) {
                return new Result(exactD, p, "exact");
            }
        }
        double m = Math.max(n1, n2);
        double n = Math.min(n1, n2);
        long en = Math.round(Math.rint(m * n / (m + n)));
        return new Result(d, clip(kolmogorovSf(en, d)), "asymp");
    }

    /** max |F1 − F2| over the pooled values, each ECDF evaluated as SciPy does (searchsorted, side right). */
    private static double statistic(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length || j < b.length) {
            double v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.length && a[i] <= v) {
                i++;
            }
            while (j < b.length && b[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Equal sample sizes: the proportion of paths leaving the band, by the reflection sum. */
    static double probOutsideSquare(int n, int h) {
        double p = 0;
        for (int k = n / h; k >= 0; k--) {
            double p1 = 1.0;
            for (int j = 0; j < h; j++) {
                p1 = (n - (double) k * h - j) * p1 / (n + (double) k * h + j + 1);
            }
            p = p1 * (1.0 - p);
        }
        return 2 * p;
    }

    /** Unequal sizes: 1 − (paths staying strictly inside |x/m − y/n| < h / lcm) / all paths, column by column. */
    static double outerProbInside(int first, int second, int g, int h) {
        int m = Math.max(first, second);
        int n = Math.min(first, second);
        long mg = m / g;
        long ng = n / g;
        int minj = 0;
        int maxj = (int) Math.min((long) Math.ceil((double) h / mg), n + 1);
        int curlen = maxj - minj;
        int lenA = Math.min(2 * maxj + 2, n + 1);
        double[] a = new double[lenA];
        Arrays.fill(a, 1.0);
        Arrays.fill(a, minj, maxj, 0.0);
        for (int i = 1; i <= m; i++) {
            int lastminj = minj;
            int lastlen = curlen;
            minj = (int) Math.max(Math.floor((double) (ng * i - h) / mg) + 1, 0);
            minj = Math.min(minj, n);
            maxj = (int) Math.min((long) Math.ceil((double) (ng * i + h) / mg), n + 1);
            if (maxj <= minj) {
                return 1.0;
            }
            double val = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++) {
                int j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen) {
                Arrays.fill(a, maxj - minj, maxj - minj + (lastlen - curlen), 1.0);
            }
        }
        return a[maxj - minj - 1];
    }

    /** P(D_n > x) for the two-sided one-sample statistic D_n (SciPy's {@code kstwo.sf}). */
    static double kolmogorovSf(long n, double x) {
        if (x >= 1.0) {
            return 0.0;
        }
        if (x <= 0.0) {
            return 1.0;
        }
        double t = n * x;
        if (t <= 1.0) {
            if (t <= 0.5) {
                return 1.0;
            }
            double cdf;
            if (n <= 140) {
                cdf = 1.0;
                for (long i = 1; i <= n; i++) {
                    cdf *= i * (1.0 / n) * (2 * t - 1);
                }
            } else {
                cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - cdf);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1.0 - x, n));
        }
        if (x >= 0.5) {
            return clip(2 * smirnovSf(n, x));
        }
        double nxSquared = t * x;
        if (n <= 140) {
            if (nxSquared <= 4) {
                return clip(1.0 - durbinCdf(n, x));
            }
            return clip(2 * smirnovSf(n, x));
        }
        if (nxSquared >= 370.0) {
            return 0.0;
        }
        if (nxSquared >= 2.2) {
            return clip(2 * smirnovSf(n, x));
        }
        double cdf = n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
        return clip(1.0 - cdf);
    }

    /** ln(n! / n^n) by Stirling's series. */
    private static double logFactorialOverPower(long n) {
        double rn = 1.0 / n;
        double poly = 0;
        for (double c : STIRLING_COEFFS) {
            poly = poly * (rn / n) + c;
        }
        return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
    }

    /** P(D_n ≤ d) by Durbin's matrix, as Marsaglia, Tsang and Wang compute it (scaled powers). */
    static double durbinCdf(long n, double d) {
        double nd = n * d;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1.0;
        for (int j = 1; j <= m; j++) {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1.0 - Math.pow(h, j)) * fac;
        }
        double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        double[][] hm = new double[m][m];
        for (int i = 1; i < m; i++) {
            for (int r = i - 1; r < m; r++) {
                hm[r][i] = w[r - i + 1];
            }
        }
        for (int r = 0; r < m; r++) {
            hm[r][0] = v[r];
        }
        for (int c = 0; c < m; c++) {
            hm[m - 1][c] = v[m - 1 - c];
        }
        double[][] power = identity(m);
        long nn = n;
        int exponent = 0;
        int hExponent = 0;
        while (nn > 0) {
            if (nn % 2 == 1) {
                power = multiply(power, hm);
                exponent += hExponent;
            }
            hm = multiply(hm, hm);
            hExponent *= 2;
            if (Math.abs(hm[k - 1][k - 1]) > EP128) {
                scale(hm, EM128);
                hExponent += E128;
            }
            nn /= 2;
        }
        double p = power[k - 1][k - 1];
        for (long i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < EM128) {
                p *= EP128;
                exponent -= E128;
            }
        }
        return clip(exponent != 0 ? Math.scalb(p, exponent) : p);
    }

    private static double[][] identity(int m) {
        double[][] id = new double[m][m];
        for (int i = 0; i < m; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int m = x.length;
        double[][] out = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < m; l++) {
                double xil = x[i][l];
                if (xil != 0) {
                    for (int j = 0; j < m; j++) {
                        out[i][j] += xil * y[l][j];
                    }
                }
            }
        }
        return out;
    }

    private static void scale(double[][] x, double factor) {
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
    }

    /** The Pelz–Good asymptotic series for P(D_n ≤ x). */
    static double pelzGoodCdf(long n, double x) {
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double pi2 = Math.PI * Math.PI;
        double pi4 = pi2 * pi2;
        double pi6 = pi4 * pi2;
        double qlog = -pi2 / 8 / z2;
        if (qlog < -708) {
            return 0.0;
        }
        double q = Math.exp(qlog);
        double k1a = -z2;
        double k1b = pi2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * pi2 / 4;
        double k2c = pi4 * (1 - 2 * z2) / 16;
        double k3d = pi6 * (5 - 30 * z2) / 64;
        double k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = pi2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * Math.pow(z, 8);
        double[] terms = new double[4];
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int k = maxk; k > 0; k--) {
            double m = 2 * k - 1;
            double m2 = m * m;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qpower = Math.pow(q, 8 * k);
            double[] coeffs = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6};
            for (int i = 0; i < 4; i++) {
                terms[i] = terms[i] * qpower + coeffs[i];
            }
        }
        double sqrt2pi = Math.sqrt(2 * Math.PI);
        double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
        for (int i = 0; i < 4; i++) {
            terms[i] = terms[i] * q * sqrt2pi / divisors[i];
        }
        double q2 = Math.exp(-pi2 / 2 / z2);
        double sqrt3z = Math.sqrt(3) * z;
        double k2extra = 0;
        double k3extra = 0;
        for (int k = maxk; k > 0; k--) {
            double k2 = (double) k * k;
            double qp = Math.pow(q2, k2);
            double kpi = Math.PI * k;
            k2extra += k2 * qp;
            k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
        }
        terms[2] += k2extra * pi2 * sqrt2pi / (-36 * z * z2);
        terms[3] += k3extra * pi2 * sqrt2pi / (216 * z6);
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += terms[i] / Math.pow(n, i / 2.0);
        }
        return sum;
    }

    /**
     * P(D+_n ≥ x), Smirnov's one-sided statistic, by Birnbaum and Tingey's sum, each term in logarithms (binomial
     * coefficients by accumulated ratios, which stay accurate at large n).
     */
    static double smirnovSf(long n, double x) {
        long last = (long) Math.floor(n * (1 - x));
        double logBinomial = 0;
        double sum = 0;
        double compensation = 0;
        double logX = Math.log(x);
        for (long j = 0; j <= last; j++) {
            if (j > 0) {
                logBinomial += Math.log((double) (n - j + 1) / j);
            }
            double rest = 1 - x - (double) j / n;
            double logTerm = logBinomial + logX + (j - 1) * Math.log(x + (double) j / n);
            if (n - j > 0) {
                if (rest <= 0) {
                    continue;
                }
                logTerm += (n - j) * Math.log1p(-x - (double) j / n);
            }
            double term = Math.exp(logTerm);
            double y = term - compensation;
            double s = sum + y;
            compensation = (s - sum) - y;
            sum = s;
        }
        return sum;
    }

    private static double clip(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }
}
