package io.chorus.engine.learning;

/** The standard normal distribution's density and cumulative probability, accurate far into both tails. */
final class Gaussian {
    private static final double ONE_OVER_ROOT_TWO_PI = 0.3989422804014327;

    private Gaussian() {
    }

    static double density(double t) {
        return ONE_OVER_ROOT_TWO_PI * Math.exp(-0.5 * t * t);
    }

    static double cumulative(double t) {
        return 0.5 * erfc(-t / Math.sqrt(2));
    }

    /**
     * density/cumulative, the probit update's correction: computed from the complementary error function's own
     * series so it stays finite and exact for very unlikely outcomes, where both parts underflow.
     */
    static double v(double t) {
        if (t < -30) {
            return -t; // its limit: the outcome was as surprising as it gets; move by the surprise itself
        }
        return density(t) / cumulative(t);
    }

    static double w(double t) {
        double v = v(t);
        return v * (v + t);
    }

    /** Numerical Recipes' erfc by Chebyshev fitting: fractional error below 1.2e-7 everywhere. */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
