import type { CallToolResult, ContentBlock, InputRequiredResult, Root, ServerContext, ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logging/logger-types.js';

/**
 * What a tool handler returns: a concise text for the model plus the structured record
 * that matches the tool's declared output schema. `inputRequired` results (elicitation,
 * 2026-07-28 multi-round-trip) pass through untouched.
 */
export interface ToolReply<Out> {
  text: string;
  data: Out;
  /** Blocks sent after the text: images, audio, embedded resources. */
  extraContent?: ContentBlock[];
}

/** What a tool handler may see of the call it serves. */
export interface ToolContext<App> {
  /** The server's long-lived services (store, upstream clients), built once by `setup`. */
  app: App;
  principal: Principal;
  requestId: string;
  logger: Logger;
  /** Aborted when the client cancels, the call times out, or the server shuts down. */
  signal: AbortSignal;
  /** Sends an MCP log notification to the client where the protocol era has them. */
  notify(level: 'debug' | 'info' | 'notice' | 'warning' | 'error', message: string): Promise<void>;
  /** Whether the client can answer an elicitation on this connection. */
  canElicit: boolean;
  /**
   * Reports progress on a long call, when the client asked for it (a `progressToken`);
   * otherwise does nothing. Never throws.
   */
  progress(done: number, total?: number, message?: string): Promise<void>;
  /**
   * The client's roots, where a 2025-era client on a connection that can carry a server
   * request offers them; `undefined` otherwise. Cached per connection until the client
   * says they changed.
   */
  roots(): Promise<readonly Root[] | undefined>;
  /** The SDK's own handler context, for what core does not wrap (input responses, progress). */
  mcp: ServerContext;
}

export type ToolHandler<In, Out, App> = (
  args: In,
  ctx: ToolContext<App>,
) => Promise<ToolReply<Out> | InputRequiredResult> | ToolReply<Out> | InputRequiredResult;

/** Annotations are required in full so every tool states how it behaves. */
export interface RequiredToolAnnotations extends ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolDefinition<In extends z.ZodType = z.ZodType, Out extends z.ZodType = z.ZodType, App = unknown> {
  /** snake_case, verb first (`create_task`). */
  name: string;
  /** One line a person reads in a client's tool list. */
  title: string;
  /** What the tool does, when to use it, and what it returns — written for the model. */
  description: string;
  /** The toolset this tool belongs to, for `--toolsets` and scope checks. */
  toolset: string;
  input: In;
  output: Out;
  annotations: RequiredToolAnnotations;
  /** Rate-limit points one call costs. @default 1 */
  cost?: number;
  /** Per-call time limit in ms, overriding the server's. */
  timeoutMs?: number;
  /**
   * Scopes a principal needs. @default [`${toolset}:read`] for read-only tools,
   * [`${toolset}:write`] otherwise.
   */
  scopes?: readonly string[];
  handler: ToolHandler<z.output<In>, z.output<Out>, App>;
}

/** Identity function that gives a tool definition its types (and nothing else). */
export function defineTool<In extends z.ZodType, Out extends z.ZodType, App>(
  definition: ToolDefinition<In, Out, App>,
): ToolDefinition<In, Out, App> {
  return definition;
}

/** The scopes a tool requires, with the toolset-derived default applied. */
export function requiredScopes(tool: Pick<ToolDefinition, 'scopes' | 'toolset' | 'annotations'>): readonly string[] {
  return tool.scopes ?? [`${tool.toolset}:${tool.annotations.readOnlyHint ? 'read' : 'write'}`];
}

export type AnyToolDefinition<App> = ToolDefinition<z.ZodType, z.ZodType, App>;

export type { CallToolResult, InputRequiredResult };

/**
 * `defineTool` with the app type fixed, so a server's tools get their handler context
 * typed without repeating generics: `const defineTasksTool = toolBuilder<TasksApp>()`.
 */
export function toolBuilder<App>() {
  return <In extends z.ZodType, Out extends z.ZodType>(definition: ToolDefinition<In, Out, App>) => definition;
}
