/**
 * Server metrics with Micrometer, served to Prometheus at {@code GET /metrics}
 * ({@link io.drover.server.metrics.ServerMetrics}).
 */
package io.drover.server.metrics;
