import { type McpServer, type ReadResourceResult, ResourceTemplate } from '@modelcontextprotocol/server';
import type { Principal } from '../auth/principal.js';
import { scopeSatisfies } from '../auth/scopes.js';
import { toProtocolError } from '../errors/to-protocol-error.js';
import type { Logger } from '../logging/logger-types.js';
import type { AppRuntime, ServerDefinition } from './define-server.js';
import type { ResourceBody, ResourceContext } from './resource-definition.js';

interface RegisterResourcesInput<App> {
  definition: ServerDefinition<App, never>;
  runtime: AppRuntime<App>;
  principal: Principal;
  logger: Logger;
  era: 'legacy' | 'modern';
  transport: 'stdio' | 'http';
}

/**
 * Registers the definition's resources on one server instance, and on a long-lived
 * (stdio) connection wires the app's change feed to it: a 2025-era client gets
 * `notifications/resources/updated` for the URIs it subscribed to; on a 2026-07-28
 * connection every change goes out and the SDK's listen router delivers it to the
 * `subscriptions/listen` streams that asked for it. Per-request HTTP instances get no
 * feed: the HTTP host publishes changes on the handler's event bus instead.
 */
export function registerResources<App>(server: McpServer, input: RegisterResourcesInput<App>): void {
  const { definition, runtime, principal, logger } = input;
  const ctx: ResourceContext<App> = { app: runtime.app, principal, logger };
  const resources = (definition.resources ?? []).filter((r) => scopeSatisfies(principal.scopes, `${r.toolset}:read`));
  for (const resource of resources) {
    const metadata = { title: resource.title, description: resource.description, mimeType: 'application/json' };
    if ('uri' in resource) {
      server.registerResource(resource.name, resource.uri, metadata, async (uri) =>
        render(uri.href, await resource.read(ctx).catch(rethrow(logger))),
      );
      continue;
    }
    const complete = Object.fromEntries(
      Object.entries(resource.complete ?? {}).map(([name, fn]) => [name, (value: string) => fn(value, runtime.app)]),
    );
    const list = resource.list;
    const template = new ResourceTemplate(resource.uriTemplate, {
      list: list ? async () => ({ resources: await list(runtime.app) }) : undefined,
      complete,
    });
    server.registerResource(resource.name, template, metadata, async (uri, variables) => {
      const flat = Object.fromEntries(
        Object.entries(variables).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : String(value)]),
      );
      return render(uri.href, await resource.read(flat, ctx).catch(rethrow(logger)));
    });
  }
  wireSubscriptions(server, input);
}

function wireSubscriptions<App>(server: McpServer, { runtime, era, transport }: RegisterResourcesInput<App>): void {
  const subscribed = new Set<string>();
  server.server.setRequestHandler('resources/subscribe', async (request) => {
    subscribed.add(request.params.uri);
    return {};
  });
  server.server.setRequestHandler('resources/unsubscribe', async (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });
  if (transport !== 'stdio' || runtime.changes === undefined) return;
  const unsubscribe = runtime.changes.subscribe((uri) => {
    if (era === 'legacy' && !subscribed.has(uri)) return;
    server.server.sendResourceUpdated({ uri }).catch(() => {
      // The connection is closing; nothing to deliver to.
    });
  });
  const previous = server.server.onclose;
  server.server.onclose = () => {
    unsubscribe();
    previous?.();
  };
}

function render(uri: string, body: ResourceBody): ReadResourceResult {
  if ('json' in body) {
    return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(body.json, null, 2) }] };
  }
  return { contents: [{ uri, mimeType: body.mimeType ?? 'text/plain', text: body.text }] };
}

function rethrow(logger: Logger) {
  return (error: unknown): never => {
    throw toProtocolError(error, logger);
  };
}
