import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as V1StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport, type Transport } from '@modelcontextprotocol/server';

/**
 * The three clients every server is tested with:
 * - `v2-modern`: the v2 client pinned to the 2026-07-28 revision (stateless, envelope);
 * - `v2-legacy`: the v2 client in its default 2025-era mode (`initialize` handshake);
 * - `v1`: the v1 `@modelcontextprotocol/sdk` client, what most installed hosts still are.
 */
export type ClientKind = 'v2-modern' | 'v2-legacy' | 'v1';
export const CLIENT_KINDS: readonly ClientKind[] = ['v2-modern', 'v2-legacy', 'v1'];

export const MODERN_REVISION = '2026-07-28';

export interface ClientOptions {
  /** Declare the elicitation capability and answer every request with this. */
  onElicit?: (request: {
    message: string;
    requestedSchema: unknown;
  }) => Promise<{ action: 'accept' | 'decline' | 'cancel'; content?: Record<string, string | number | boolean | string[]> }>;
  /** Collects `notifications/resources/updated` URIs. */
  onResourceUpdated?: (uri: string) => void;
  /** Collects log notifications. */
  onLog?: (params: { level: string; data: unknown }) => void;
  /** Declare the roots capability (2025-era clients) and answer `roots/list` with these. */
  roots?: Array<{ uri: string; name?: string }>;
}

export interface CallToolOptions {
  /** Asks for progress notifications on this call and collects them. */
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** Cancels the call (the client sends notifications/cancelled). */
  signal?: AbortSignal;
}

/** What tests need of a client, whichever of the three it is. */
export interface TestClient {
  kind: ClientKind;
  /** The underlying client, for calls this wrapper does not name. */
  raw: Client | V1Client;
  callTool(name: string, args?: Record<string, unknown>, options?: CallToolOptions): Promise<ToolCallOutcome>;
  /** Replaces the roots the client offers and tells the server they changed. */
  setRoots(roots: Array<{ uri: string; name?: string }>): Promise<void>;
  listTools(): Promise<
    Array<{
      name: string;
      annotations?: Record<string, unknown>;
      outputSchema?: unknown;
      inputSchema: unknown;
      title?: string;
      description?: string;
    }>
  >;
  listResources(): Promise<Array<{ uri: string; name: string }>>;
  listResourceTemplates(): Promise<Array<{ uriTemplate: string; name: string }>>;
  readResource(uri: string): Promise<{ text: string; json: () => unknown }>;
  listPrompts(): Promise<Array<{ name: string; arguments?: unknown[] }>>;
  getPrompt(name: string, args?: Record<string, string>): Promise<string>;
  complete(
    ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string },
    argument: { name: string; value: string },
  ): Promise<string[]>;
  /** 2025-era: resources/subscribe; 2026-07-28: subscriptions/listen for that URI. */
  subscribe(uri: string): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ToolCallOutcome {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
  meta: Record<string, unknown> | undefined;
  /** Every content block, for results that carry more than text (images, resources). */
  content: Array<Record<string, unknown>>;
}

/** Connects a client of `kind` over an already-created transport (in-memory, stdio, HTTP). */
export async function connectClient(kind: ClientKind, transport: Transport, options: ClientOptions = {}): Promise<TestClient> {
  const capabilities = {
    ...(options.onElicit && { elicitation: { form: {} } }),
    ...(options.roots && { roots: { listChanged: true } }),
  };
  // The roots answered are the latest given, so `setRoots` can change them mid-connection.
  const roots = { current: options.roots ?? [] };
  if (kind === 'v1') {
    const client = new V1Client({ name: 'mcpkit-test-v1', version: '1.0.0' }, { capabilities });
    await wireV1Handlers(client, options, roots);
    await client.connect(transport as never);
    return wrap(kind, client, roots);
  }
  const client = new Client(
    { name: `mcpkit-test-${kind}`, version: '1.0.0' },
    {
      capabilities,
      ...(kind === 'v2-modern' && { versionNegotiation: { mode: { pin: MODERN_REVISION } } }),
    },
  );
  wireV2Handlers(client, options, roots);
  await client.connect(transport);
  return wrap(kind, client, roots);
}

type RootsBox = { current: Array<{ uri: string; name?: string }> };

function wireV2Handlers(client: Client, options: ClientOptions, roots: RootsBox): void {
  const { onElicit, onResourceUpdated, onLog } = options;
  if (options.roots) {
    client.setRequestHandler('roots/list', async () => ({ roots: roots.current }));
  }
  if (onElicit) {
    client.setRequestHandler('elicitation/create', async (request) => {
      const params = request.params as { message: string; requestedSchema?: unknown };
      return onElicit({ message: params.message, requestedSchema: params.requestedSchema });
    });
  }
  if (onResourceUpdated) {
    client.setNotificationHandler('notifications/resources/updated', (notification) => {
      onResourceUpdated(notification.params.uri);
    });
  }
  if (onLog) {
    client.setNotificationHandler('notifications/message', (notification) => {
      onLog({ level: notification.params.level, data: notification.params.data });
    });
  }
}

async function wireV1Handlers(client: V1Client, options: ClientOptions, roots: RootsBox): Promise<void> {
  const types = await import('@modelcontextprotocol/sdk/types.js');
  const { onElicit, onResourceUpdated, onLog } = options;
  if (options.roots) {
    client.setRequestHandler(types.ListRootsRequestSchema, async () => ({ roots: roots.current }));
  }
  if (onElicit) {
    client.setRequestHandler(types.ElicitRequestSchema, async (request) => {
      const params = request.params as { message: string; requestedSchema?: unknown };
      return onElicit({ message: params.message, requestedSchema: params.requestedSchema });
    });
  }
  if (onResourceUpdated) {
    client.setNotificationHandler(types.ResourceUpdatedNotificationSchema, (notification) => {
      onResourceUpdated(notification.params.uri);
    });
  }
  if (onLog) {
    client.setNotificationHandler(types.LoggingMessageNotificationSchema, (notification) => {
      onLog({ level: notification.params.level, data: notification.params.data });
    });
  }
}

function wrap(kind: ClientKind, raw: Client | V1Client, roots: RootsBox): TestClient {
  // Both clients expose the same method names; their type signatures differ only in
  // generics, so one untyped view serves the wrapper.
  const c = raw as unknown as {
    sendRootsListChanged(): Promise<void>;
    listTools(): Promise<{ tools: never[] }>;
    listResources(): Promise<{ resources: never[] }>;
    listResourceTemplates(): Promise<{ resourceTemplates: never[] }>;
    readResource(p: unknown): Promise<{ contents: Array<{ text?: string }> }>;
    listPrompts(): Promise<{ prompts: never[] }>;
    getPrompt(p: unknown): Promise<{ messages: Array<{ content: { type: string; text?: string } }> }>;
    complete(p: unknown): Promise<{ completion: { values: string[] } }>;
    subscribeResource(p: unknown): Promise<unknown>;
    unsubscribeResource(p: unknown): Promise<unknown>;
    close(): Promise<void>;
  };
  return {
    kind,
    raw,
    async callTool(name, args = {}, options = {}) {
      const requestOptions = {
        ...(options.onProgress && { onprogress: options.onProgress }),
        ...(options.signal && { signal: options.signal }),
      };
      const params = { name, arguments: args };
      // v1 takes a result schema before the options; v2 takes the options directly.
      const result = (
        kind === 'v1'
          ? await (raw as V1Client).callTool(params, undefined, requestOptions)
          : await (raw as Client).callTool(params, requestOptions)
      ) as Record<string, unknown>;
      const content = (result.content as Array<{ type: string; text?: string }> | undefined) ?? [];
      return {
        isError: result.isError === true,
        text: content
          .filter((block) => block.type === 'text')
          .map((block) => block.text ?? '')
          .join('\n'),
        structured: result.structuredContent as Record<string, unknown> | undefined,
        meta: result._meta as Record<string, unknown> | undefined,
        content: content as Array<Record<string, unknown>>,
      };
    },
    async setRoots(next) {
      roots.current = next;
      // The 2026-07-28 revision has no roots notifications (roots ride input_required).
      if (kind !== 'v2-modern') await c.sendRootsListChanged();
    },
    listTools: async () => (await c.listTools()).tools,
    listResources: async () => (await c.listResources()).resources,
    listResourceTemplates: async () => (await c.listResourceTemplates()).resourceTemplates,
    async readResource(uri) {
      const result = await c.readResource({ uri });
      const text = result.contents.map((content) => content.text ?? '').join('');
      return { text, json: () => JSON.parse(text) };
    },
    listPrompts: async () => (await c.listPrompts()).prompts,
    async getPrompt(name, args = {}) {
      const result = await c.getPrompt({ name, arguments: args });
      return result.messages.map((message) => message.content.text ?? '').join('\n');
    },
    complete: async (ref, argument) => (await c.complete({ ref, argument })).completion.values,
    async subscribe(uri) {
      if (kind === 'v2-modern') {
        const subscription = await (raw as Client).listen({ resourceSubscriptions: [uri] });
        return () => subscription.close();
      }
      await c.subscribeResource({ uri });
      return async () => {
        await c.unsubscribeResource({ uri });
      };
    },
    close: () => c.close(),
  };
}

/** An in-memory transport pair: give `server` to the server, `client` to `connectClient`. */
export function linkedTransports(): { client: Transport; server: Transport } {
  const [client, server] = InMemoryTransport.createLinkedPair();
  return { client, server };
}

export interface SpawnedServer {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** A stdio transport that spawns a server process, for the given client kind. */
export function stdioTransport(kind: ClientKind, spawn: SpawnedServer): Transport {
  const params = {
    command: spawn.command,
    args: spawn.args,
    ...(spawn.env !== undefined && { env: spawn.env }),
    ...(spawn.cwd !== undefined && { cwd: spawn.cwd }),
    stderr: 'pipe' as const,
  };
  return kind === 'v1' ? (new V1StdioClientTransport(params) as unknown as Transport) : new StdioClientTransport(params);
}

/** A Streamable HTTP transport with an optional bearer token, for the given client kind. */
export function httpTransport(kind: ClientKind, url: string, token?: string): Transport {
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : {};
  return kind === 'v1'
    ? (new V1StreamableHTTPClientTransport(new URL(url), { requestInit }) as unknown as Transport)
    : new StreamableHTTPClientTransport(new URL(url), { requestInit });
}
