import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { ToolCallObserver } from '../middleware/request-log/index.js';

export interface ServerMetrics {
  registry: Registry;
  observeToolCall: ToolCallObserver;
  observeHttp(route: string, method: string, status: number): void;
  render(): Promise<string>;
}

/**
 * Prometheus metrics of one server process, on a registry of its own (never prom-client's
 * global one, so two servers in one process or one test never mix counts).
 */
export function createMetrics(serverName: string): ServerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ server: serverName });
  collectDefaultMetrics({ register: registry });
  const calls = new Counter({
    name: 'mcp_tool_calls_total',
    help: 'Tool calls by tool and outcome (ok, input_required, or an error code).',
    labelNames: ['tool', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'mcp_tool_call_duration_seconds',
    help: 'Tool call duration through the whole middleware chain.',
    labelNames: ['tool'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const http = new Counter({
    name: 'mcp_http_requests_total',
    help: 'HTTP requests by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  return {
    registry,
    observeToolCall: ({ tool, outcome, durationMs }) => {
      calls.inc({ tool, outcome });
      duration.observe({ tool }, durationMs / 1000);
    },
    observeHttp: (route, method, status) => http.inc({ route, method, status: String(status) }),
    render: () => registry.metrics(),
  };
}
