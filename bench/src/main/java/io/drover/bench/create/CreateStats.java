package io.drover.bench.create;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, p90, p99 and max of a few dozen samples in milliseconds, by nearest rank (no interpolation). */
record CreateStats(int n, double median, double p90, double p99, double max, double min) {
    static CreateStats of(List<Double> samples) {
        if (samples.isEmpty()) return new CreateStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        return new CreateStats(s.size(), median(s), rank(s, 0.90), rank(s, 0.99), s.get(s.size() - 1), s.get(0));
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double rank(List<Double> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
