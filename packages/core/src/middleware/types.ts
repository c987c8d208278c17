import type { CallToolResult, InputRequiredResult, Root, ServerContext } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logging/logger-types.js';

/** What middleware knows of the tool being called. */
export interface ToolCallInfo {
  name: string;
  toolset: string;
  readOnly: boolean;
  destructive: boolean;
  /** Rate-limit points this call costs. */
  cost: number;
  /** Time limit for this call in ms. */
  timeoutMs: number;
  scopes: readonly string[];
}

/**
 * The state of one tool call as it passes through the chain. Middleware may replace
 * `signal` (the timeout middleware does) and `logger` (the request-log middleware binds
 * the request id); everything else is fixed for the call.
 */
export interface ToolCallContext {
  tool: ToolCallInfo;
  /** The raw arguments as the client sent them (validated later, inside the chain). */
  args: unknown;
  principal: Principal;
  requestId: string;
  logger: Logger;
  signal: AbortSignal;
  /** Whether the client can answer an elicitation during this call. */
  canElicit: boolean;
  /** The client's roots, where the connection can ask for them (see `ToolContext.roots`). */
  roots(): Promise<readonly Root[] | undefined>;
  /** Set by the error-map middleware when the call failed, for logging and metrics. */
  error?: { code: string; cause?: unknown };
  mcp: ServerContext;
}

export type ToolCallResult = CallToolResult | InputRequiredResult;
export type Next = () => Promise<ToolCallResult>;

/** Koa/Hono-style onion middleware around a tool call. */
export type ToolMiddleware = (ctx: ToolCallContext, next: Next) => Promise<ToolCallResult>;
