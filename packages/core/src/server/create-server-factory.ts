import { randomUUID } from 'node:crypto';
import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  completable,
  isInputRequiredResult,
  McpServer,
  type McpServerFactory,
  type Root,
  type ServerContext,
  type StandardSchemaWithJSON,
  type ToolAnnotations,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { localPrincipal, type Principal, principalFromAuthInfo } from '../auth/principal.js';
import { scopeSatisfies } from '../auth/scopes.js';
import { formatZodError } from '../errors/format-zod-error.js';
import { invalidInput } from '../errors/mcpkit-error.js';
import { toProtocolError } from '../errors/to-protocol-error.js';
import type { Logger } from '../logging/logger-types.js';
import { compose } from '../middleware/compose.js';
import type { ToolCallContext, ToolMiddleware } from '../middleware/types.js';
import type { AppRuntime, ServerDefinition } from './define-server.js';
import { compactOutputSchema, passthroughValidation } from './passthrough-schema.js';
import { registerResources } from './register-resources.js';
import type { PromptDefinition } from './resource-definition.js';
import { type AnyToolDefinition, requiredScopes, type ToolContext } from './tool-definition.js';

export interface ServerFactoryOptions<App> {
  definition: ServerDefinition<App, never>;
  runtime: AppRuntime<App>;
  /** The tools left after `--toolsets` / `--read-only`. */
  tools: ReadonlyArray<AnyToolDefinition<App>>;
  /** Core middleware, outermost first; the definition's own run inside it. */
  middleware: readonly ToolMiddleware[];
  logger: Logger;
  /** `http` instances live for one request: no server-to-client requests, no push. */
  transport: 'stdio' | 'http';
  defaultTimeoutMs: number;
}

type PreparedTool<App> = {
  definition: AnyToolDefinition<App>;
  scopes: readonly string[];
  inputSchema: StandardSchemaWithJSON;
  outputSchema: StandardSchemaWithJSON;
  annotations: ToolAnnotations;
  run: (ctx: ToolCallContext) => Promise<unknown>;
};

/**
 * Builds the per-connection (stdio) or per-request (HTTP) server factory. The work that
 * does not depend on the caller — composing each tool's middleware chain — happens once
 * here; the factory itself only registers what the principal may see.
 */
export function createServerFactory<App>(options: ServerFactoryOptions<App>): McpServerFactory {
  const { definition, runtime, logger, transport } = options;
  const chain = [...options.middleware, ...(definition.middleware ?? [])];
  const prepared: PreparedTool<App>[] = options.tools.map((tool) => ({
    definition: tool,
    scopes: requiredScopes(tool),
    inputSchema: passthroughValidation(tool.input),
    outputSchema: compactOutputSchema(tool.output),
    annotations: wireAnnotations(tool.annotations),
    run: compose(chain, (ctx) => invokeHandler(tool, ctx, runtime.app)),
  }));
  const prompts = preparePrompts(definition, runtime.app);

  return ({ era, authInfo }) => {
    const principal = principalFromAuthInfo(authInfo) ?? localPrincipal();
    const server = new McpServer(
      { name: definition.name, version: definition.version, title: definition.title },
      {
        capabilities: { logging: {}, resources: { subscribe: true, listChanged: false } },
        ...(definition.instructions !== undefined && { instructions: definition.instructions }),
      },
    );
    const roots = rootsOfConnection(server, transport);
    for (const tool of prepared) {
      if (!tool.scopes.every((scope) => scopeSatisfies(principal.scopes, scope))) continue;
      registerTool(server, tool, principal, roots, options);
    }
    registerResources(server, { definition, runtime, principal, logger, era, transport });
    registerPrompts(server, prompts, runtime.app, principal, logger);
    return server;
  };
}

/**
 * Annotations as listed. The spec gives `destructiveHint` and `idempotentHint` meaning
 * only for tools that write, so read-only tools leave them out; `openWorldHint` and
 * `idempotentHint` are listed only where they differ from the spec's defaults (true and
 * false), which a client assumes when they are absent. `readOnlyHint` and, on writes,
 * `destructiveHint` are always listed: they decide whether a client asks before a call.
 * Every byte of `tools/list` is context a model pays for on every turn. The title is the
 * tool's own top-level `title`, not repeated here.
 */
function wireAnnotations(annotations: AnyToolDefinition<unknown>['annotations']): ToolAnnotations {
  const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint, ...rest } = annotations;
  return {
    ...rest,
    readOnlyHint,
    ...(!readOnlyHint && { destructiveHint }),
    ...(!readOnlyHint && idempotentHint && { idempotentHint }),
    ...(!openWorldHint && { openWorldHint }),
  };
}

function registerTool<App>(
  server: McpServer,
  tool: PreparedTool<App>,
  principal: Principal,
  roots: (mcp: ServerContext) => Promise<readonly Root[] | undefined>,
  options: ServerFactoryOptions<App>,
): void {
  const { definition } = tool;
  server.registerTool(
    definition.name,
    {
      title: definition.title,
      description: definition.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema as never,
      annotations: tool.annotations,
    },
    (async (args: unknown, mcp: ServerContext) => {
      const ctx: ToolCallContext = {
        tool: {
          name: definition.name,
          toolset: definition.toolset,
          readOnly: definition.annotations.readOnlyHint,
          destructive: definition.annotations.destructiveHint,
          cost: definition.cost ?? 1,
          timeoutMs: definition.timeoutMs ?? options.defaultTimeoutMs,
          scopes: tool.scopes,
        },
        args,
        principal,
        requestId: randomUUID(),
        logger: options.logger,
        signal: mcp.mcpReq.signal,
        canElicit: canElicit(server, mcp, options.transport),
        roots: () => roots(mcp),
        mcp,
      };
      return tool.run(ctx);
    }) as never,
  );
}

/** The innermost step of every chain: validate, run the handler, shape the result. */
async function invokeHandler<App>(tool: AnyToolDefinition<App>, ctx: ToolCallContext, app: App) {
  const parsed = tool.input.safeParse(ctx.args ?? {});
  if (!parsed.success) {
    throw invalidInput(`Invalid arguments for ${tool.name}: ${formatZodError(parsed.error)}.`);
  }
  const toolContext: ToolContext<App> = {
    app,
    principal: ctx.principal,
    requestId: ctx.requestId,
    logger: ctx.logger,
    signal: ctx.signal,
    canElicit: ctx.canElicit,
    roots: ctx.roots,
    progress: (done, total, message) => sendProgress(ctx.mcp, done, total, message),
    notify: async (level, message) => {
      try {
        await ctx.mcp.mcpReq.log(level, message, tool.name);
      } catch {
        // 2026-07-28 requests have no log notifications; the stderr log still has it.
      }
    },
    mcp: ctx.mcp,
  };
  const reply = await tool.handler(parsed.data, toolContext);
  if (isInputRequiredResult(reply)) return reply;
  return {
    content: [{ type: 'text' as const, text: reply.text }, ...(reply.extraContent ?? [])],
    structuredContent: reply.data as Record<string, unknown>,
  };
}

async function sendProgress(mcp: ServerContext, progress: number, total?: number, message?: string): Promise<void> {
  const progressToken = mcp.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return;
  try {
    await mcp.mcpReq.notify({
      method: 'notifications/progress',
      params: { progressToken, progress, ...(total !== undefined && { total }), ...(message !== undefined && { message }) },
    });
  } catch {
    // A closed stream only loses a progress hint; the call itself goes on.
  }
}

/** How long a client gets to answer `roots/list` before the call goes on without roots. */
const ROOTS_TIMEOUT_MS = 10_000;

/**
 * The client's roots for one connection. Only a 2025-era client on a connection that can
 * carry a server request (stdio, not the stateless HTTP fallback) can be asked, and only
 * if it declared the capability. The answer is kept until the client sends
 * `notifications/roots/list_changed`; a failed request is not kept, so the next call asks
 * again.
 */
function rootsOfConnection(server: McpServer, transport: 'stdio' | 'http') {
  let cached: Promise<readonly Root[] | undefined> | undefined;
  server.server.setNotificationHandler('notifications/roots/list_changed', () => {
    cached = undefined;
  });
  return (mcp: ServerContext): Promise<readonly Root[] | undefined> => {
    // 2026-07-28 requests carry no roots capability to ask through: roots ride input_required.
    const { modern, capabilities } = clientCapabilities(server, mcp, transport);
    if (modern || capabilities?.roots === undefined) return Promise.resolve(undefined);
    if (cached === undefined) {
      const request = server.server.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS }).then((result) => result.roots);
      cached = request;
      request.catch(() => {
        if (cached === request) cached = undefined;
      });
    }
    return cached;
  };
}

/**
 * The client's declared capabilities as this call sees them. On a 2026-07-28 request they
 * travel in the request envelope (`modern`), and input rides an `input_required` result.
 * On a 2025-era connection they come from its `initialize`, and they only count where the
 * connection can carry a server-to-client request (stdio, not the stateless HTTP fallback).
 */
function clientCapabilities(
  server: McpServer,
  mcp: ServerContext,
  transport: 'stdio' | 'http',
): { modern: boolean; capabilities: ClientCapabilities | undefined } {
  const envelope = mcp.mcpReq.envelope as Record<string, unknown> | undefined;
  if (envelope !== undefined && CLIENT_CAPABILITIES_META_KEY in envelope) {
    return { modern: true, capabilities: envelope[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined };
  }
  return { modern: false, capabilities: transport === 'http' ? undefined : server.server.getClientCapabilities() };
}

/** Whether the client can be asked for input (an elicitation) during this call. */
function canElicit(server: McpServer, mcp: ServerContext, transport: 'stdio' | 'http'): boolean {
  return clientCapabilities(server, mcp, transport).capabilities?.elicitation !== undefined;
}

type PreparedPrompt<App> = { definition: PromptDefinition<App, z.ZodObject>; argsSchema: z.ZodObject };

/**
 * Builds each prompt's argument schema once per factory: `completable` marks the schema
 * object it is given, so it gets a clone (the definition's own schema is shared by every
 * factory built from it) and must not run again for every request's server instance.
 */
function preparePrompts<App>(definition: ServerDefinition<App, never>, app: App): PreparedPrompt<App>[] {
  return (definition.prompts ?? []).map((prompt) => {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, field] of Object.entries(prompt.args.shape as Record<string, z.ZodType>)) {
      const complete = prompt.complete?.[key];
      if (!complete) {
        shape[key] = field;
        continue;
      }
      // The SDK looks for the completer beneath an optional wrapper, so mark the inner schema.
      const complete_ = (value: unknown) => complete(String(value ?? ''), app);
      shape[key] =
        field instanceof z.ZodOptional
          ? (completable((field.unwrap() as z.ZodType).clone(), complete_) as unknown as z.ZodType).optional()
          : (completable(field.clone(), complete_) as unknown as z.ZodType);
    }
    return { definition: prompt, argsSchema: z.object(shape) };
  });
}

function registerPrompts<App>(
  server: McpServer,
  prompts: readonly PreparedPrompt<App>[],
  app: App,
  principal: Principal,
  logger: Logger,
): void {
  for (const { definition: prompt, argsSchema } of prompts) {
    if (!scopeSatisfies(principal.scopes, `${prompt.toolset}:read`)) continue;
    server.registerPrompt(prompt.name, { title: prompt.title, description: prompt.description, argsSchema }, (async (
      args: Record<string, unknown>,
    ) => {
      const text = await prompt.render(args as never, { app, principal, logger }).catch((error: unknown) => {
        throw toProtocolError(error, logger);
      });
      return { messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] };
    }) as never);
  }
}
