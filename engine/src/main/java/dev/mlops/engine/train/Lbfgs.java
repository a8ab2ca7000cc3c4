package dev.mlops.engine.train;

/**
 * Limited-memory BFGS for smooth convex functions, as scikit-learn's {@code lbfgs} solver uses it for logistic
 * regression: stop when the largest gradient component is at most the tolerance, or after the iteration limit. The
 * step length comes from a backtracking line search with the Armijo condition, starting at the full quasi-Newton step.
 * Nothing here depends on threads or time, so the same function and start give the same bits.
 */
final class Lbfgs {

    /** Pairs of past steps kept for the inverse-Hessian estimate (scipy's default is 10). */
    static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 60;

    private Lbfgs() {
    }

    /** A function to minimise: returns its value at {@code x} and writes its gradient into {@code gradient}. */
    @FunctionalInterface
    interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    /** Where the search stopped; {@code converged} when the gradient met the tolerance. */
    record Result(double[] x, double value, int iterations, boolean converged) {
    }

    static Result minimize(Objective f, double[] start, int maxIterations, double tolerance) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double value = f.evaluate(x, g);
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        double[] alpha = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        double[] direction = new double[n];
        double[] next = new double[n];
        double[] nextGradient = new double[n];
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            if (maxAbs(g) <= tolerance) {
                return new Result(x, value, iteration, true);
            }
            // two-loop recursion: direction = -H g
            for (int i = 0; i < n; i++) {
                direction[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int at = Math.floorMod(newest - k, MEMORY);
                alpha[at] = rho[at] * dot(s[at], direction);
                axpy(-alpha[at], y[at], direction);
            }
            double scale = stored == 0 ? 1 / Math.max(1, norm(g)) : dot(s[newest], y[newest])
                    / dot(y[newest], y[newest]);
            for (int i = 0; i < n; i++) {
                direction[i] *= scale;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int at = Math.floorMod(newest - k, MEMORY);
                double beta = rho[at] * dot(y[at], direction);
                axpy(alpha[at] - beta, s[at], direction);
            }
            double slope = dot(g, direction);
            if (slope >= 0) { // not a descent direction: the estimate went bad; restart from the gradient
                stored = 0;
                double length = Math.max(1, norm(g));
                for (int i = 0; i < n; i++) {
                    direction[i] = -g[i] / length;
                }
                slope = dot(g, direction);
            }
            double step = 1;
            double nextValue = Double.NaN;
            int backtracks = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    next[i] = x[i] + step * direction[i];
                }
                nextValue = f.evaluate(next, nextGradient);
                if (nextValue <= value + ARMIJO * step * slope) {
                    break;
                }
                if (++backtracks == MAX_BACKTRACKS) {
                    return new Result(x, value, iteration, false); // no decrease left in double precision
                }
                step /= 2;
            }
            double[] sNew = new double[n];
            double[] yNew = new double[n];
            for (int i = 0; i < n; i++) {
                sNew[i] = next[i] - x[i];
                yNew[i] = nextGradient[i] - g[i];
            }
            double sy = dot(sNew, yNew);
            if (sy > 1e-12) { // else the step holds no curvature information: it is not kept
                newest = (newest + 1) % MEMORY;
                s[newest] = sNew;
                y[newest] = yNew;
                rho[newest] = 1 / sy;
                stored = Math.min(MEMORY, stored + 1);
            }
            double[] swap = x;
            x = next;
            next = swap;
            swap = g;
            g = nextGradient;
            nextGradient = swap;
            value = nextValue;
        }
        return new Result(x, value, maxIterations, maxAbs(g) <= tolerance);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
