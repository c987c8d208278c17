import type { Readable, Writable } from 'node:stream';
import type { McpServerFactory, Transport } from '@modelcontextprotocol/server';
import { StdioServerTransport, serveStdio } from '@modelcontextprotocol/server/stdio';
import type { Logger } from '../logging/logger-types.js';

export interface StdioHostOptions {
  factory: McpServerFactory;
  logger: Logger;
  /** Injectable for tests; the process's stdin/stdout by default. */
  stdin?: Readable;
  stdout?: Writable;
  /** A ready transport (in-memory tests); overrides stdin/stdout. */
  transport?: Transport;
  /** Called once when the client goes away (stdin closed) so the process can shut down. */
  onClientGone?: () => void;
}

export interface StdioHost {
  close(): Promise<void>;
}

/**
 * Serves one client over stdio through the SDK's era-aware entry: the opening message
 * picks the protocol generation and one server instance serves the connection.
 */
export function startStdioHost({ factory, logger, stdin, stdout, transport, onClientGone }: StdioHostOptions): StdioHost {
  const wire = transport ?? new StdioServerTransport(stdin, stdout);
  const handle = serveStdio(factory, {
    transport: wire,
    // The SDK drops lines that are not JSON-RPC and reports them here: say so once per line,
    // without the parser's stack, so a misbehaving client is visible at the default level.
    onerror: (error) => logger.warn({ reason: error.message.slice(0, 300) }, 'stdio: dropped or failed message'),
  });
  if (onClientGone && !transport) (stdin ?? process.stdin).once('end', onClientGone);
  return { close: () => handle.close() };
}
