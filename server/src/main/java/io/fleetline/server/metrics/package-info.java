/**
 * The server's metrics, {@code GET /metrics} in Prometheus's text format: the one place that knows Micrometer. The
 * domain modules and the adapters offer plain listeners (the API dispatcher's {@code RequestListener}, security's
 * {@code DenialListener}, jobs' {@code JobsListener}, storage's {@code DatabaseMonitor}, the broker's
 * {@code BrokerStatistics} and presence); this package binds them to meters. Labels are bounded by construction:
 * operation names, statuses, actions, reasons, never a thing name, client id, key or path. What each metric means is
 * in {@code docs/operations.md}.
 */
package io.fleetline.server.metrics;
