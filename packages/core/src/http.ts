// @mcpkit/core/http — the Streamable HTTP host and its Prometheus metrics. Named exports only.
export { type HttpHost, type HttpHostOptions, startHttpHost } from './transports/http-host.js';
export { createMetrics, type ServerMetrics } from './transports/metrics.js';
