package io.drover.bench.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's {@code drover_agent_heartbeat_lag_seconds} histogram as read from {@code /metrics}.
 * Two readings give the distribution of exactly the heartbeats stored between them; its
 * percentiles are bucket upper bounds (Micrometer's buckets are about a third apart), so they
 * never understate the lag.
 */
final class LagBuckets {
    static final String NAME = "drover_agent_heartbeat_lag_seconds";
    private static final Pattern BUCKET = Pattern.compile("^" + NAME + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*\\}\\s+(\\S+)");
    private static final Pattern PLAIN = Pattern.compile("^(" + NAME + "_(?:count|sum|max)|drover_[a-z_]+)(?:\\{([^}]*)\\})?\\s+(\\S+)");

    /** Upper bound in seconds (+Inf as infinity) to cumulative count. */
    final TreeMap<Double, Double> cumulative = new TreeMap<>();
    /** Other drover_* series: name{labels} → value. */
    final Map<String, Double> values = new TreeMap<>();

    static LagBuckets parse(String text) {
        LagBuckets b = new LagBuckets();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) continue;
            Matcher m = BUCKET.matcher(line);
            if (m.find()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                b.cumulative.put(le, Double.parseDouble(m.group(2)));
                continue;
            }
            m = PLAIN.matcher(line);
            if (m.find()) b.values.put(m.group(1) + (m.group(2) == null ? "" : "{" + m.group(2) + "}"), Double.parseDouble(m.group(3)));
        }
        return b;
    }

    double value(String key) {
        return values.getOrDefault(key, Double.NaN);
    }

    /** The heartbeats stored between {@code earlier} and this reading, as (upper bound, count) per bucket. */
    Delta since(LagBuckets earlier) {
        List<double[]> rows = new ArrayList<>();
        double prevNow = 0, prevThen = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            double now = e.getValue();
            double then = earlier.cumulative.getOrDefault(e.getKey(), 0.0);
            rows.add(new double[] {e.getKey(), (now - prevNow) - (then - prevThen)});
            prevNow = now;
            prevThen = then;
        }
        return new Delta(rows);
    }

    record Delta(List<double[]> buckets) {
        /** Both deltas together (readings of two server processes, e.g. before and after a restart). */
        Delta plus(Delta other) {
            TreeMap<Double, Double> sum = new TreeMap<>();
            for (double[] b : buckets) sum.merge(b[0], b[1], Double::sum);
            for (double[] b : other.buckets) sum.merge(b[0], b[1], Double::sum);
            List<double[]> rows = new ArrayList<>();
            sum.forEach((le, n) -> rows.add(new double[] {le, n}));
            return new Delta(rows);
        }

        long count() {
            double n = 0;
            for (double[] b : buckets) n += b[1];
            return Math.round(n);
        }

        /** Upper bound (seconds) of the bucket holding the q-th quantile; NaN when empty. */
        double quantile(double q) {
            long total = count();
            if (total == 0) return Double.NaN;
            double need = Math.ceil(q * total), seen = 0;
            for (double[] b : buckets) {
                seen += b[1];
                if (seen >= need && b[1] > 0) return b[0];
            }
            return Double.POSITIVE_INFINITY;
        }

        /** Upper bound of the highest non-empty bucket. */
        double maxBound() {
            double max = Double.NaN;
            for (double[] b : buckets) if (b[1] > 0.5) max = b[0];
            return max;
        }

        /** Heartbeats whose lag was over {@code seconds} (when that is a bucket bound). */
        long over(double seconds) {
            double n = 0;
            for (double[] b : buckets) if (b[0] > seconds) n += b[1];
            return Math.round(n);
        }

        static String ms(double seconds) {
            if (Double.isNaN(seconds)) return "-";
            if (Double.isInfinite(seconds)) return ">60000";
            return String.format(Locale.ROOT, "%.1f", seconds * 1000);
        }
    }
}
